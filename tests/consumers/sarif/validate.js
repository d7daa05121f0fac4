#!/usr/bin/env node
// Validates SARIF logs against the OASIS SARIF 2.1.0 schema (JSON Schema
// draft-04), offline: node validate.js SCHEMA FILE...
// Exit 0 if every file is valid, 1 if any is not (errors printed), 2 on
// bad usage or an unreadable/unparsable file.
'use strict';
const fs = require('fs');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const args = process.argv.slice(2);
if (args.length < 2) {
  console.error('usage: node validate.js SCHEMA.json FILE.sarif...');
  process.exit(2);
}
const [schemaPath, ...files] = args;
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let bad = 0;
for (const f of files) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch (e) {
    console.error(`${f}: cannot read or parse: ${e.message}`);
    process.exit(2);
  }
  if (validate(doc)) {
    console.log(`${f}: valid SARIF 2.1.0`);
  } else {
    bad++;
    console.error(`${f}: INVALID (${validate.errors.length} schema errors)`);
    for (const e of validate.errors.slice(0, 50))
      console.error(`  ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(bad ? 1 : 0);
