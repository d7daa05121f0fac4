/* Unit tests of the YAML tree (content/yaml.c): byte positions with
 * multi-byte characters, aliases shared, limits, errors with offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/content/yaml.h"

static size_t at(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	assert_non_null(p);
	return (size_t)(p - text);
}

static struct ol_ytree *parse(const char *text, struct ol_ynode **root)
{
	char *err = NULL;
	size_t off = 0;
	struct ol_ytree *t = ol_yaml_parse(text, strlen(text), 0, root, &err, &off);
	if (!t)
		fail_msg("unexpected YAML error at %zu: %s", off, err);
	return t;
}

static void test_positions_are_bytes(void **state)
{
	(void)state;
	const char *text = "grüße: „Straße“\nname: 'Müller'\nliste: [ä, ö, ü]\nastral: 𝄞x\n";
	struct ol_ynode *root;
	struct ol_ytree *t = parse(text, &root);
	assert_non_null(root);
	assert_int_equal(root->kind, OL_Y_MAP);
	assert_int_equal(root->n, 4);

	const struct ol_ynode *k = ol_ynode_key(root, "grüße");
	assert_non_null(k);
	assert_int_equal(k->start, 0);
	assert_int_equal(k->end, strlen("grüße"));

	const struct ol_ynode *v = ol_ynode_get(root, "grüße");
	assert_string_equal(ol_ynode_str(v), "„Straße“");
	assert_int_equal(v->start, at(text, "„Straße“"));
	assert_int_equal(v->end, at(text, "„Straße“") + strlen("„Straße“"));
	assert_true(v->plain);

	v = ol_ynode_get(root, "name");
	assert_string_equal(v->str, "Müller");
	assert_false(v->plain);
	assert_int_equal(v->start, at(text, "'Müller'"));
	assert_int_equal(v->end, at(text, "'Müller'") + strlen("'Müller'"));

	v = ol_ynode_get(root, "liste");
	assert_int_equal(v->kind, OL_Y_SEQ);
	assert_int_equal(v->n, 3);
	assert_int_equal(v->start, at(text, "[ä"));
	assert_int_equal(v->end, at(text, "ü]") + strlen("ü]"));
	assert_int_equal(v->items[2]->start, at(text, "ü]"));

	v = ol_ynode_get(root, "astral");
	assert_int_equal(v->start, at(text, "𝄞x"));
	assert_int_equal(v->end, at(text, "𝄞x") + strlen("𝄞x"));
	ol_yaml_free(t);
}

static void test_base_offset_and_crlf(void **state)
{
	(void)state;
	const char *file = "---\r\nstep: 2\r\nsubject: Grüße an {{company}}\r\n---\r\n";
	size_t base = 5;
	const char *end = strstr(file + base, "---");
	struct ol_ynode *root;
	char *err = NULL;
	size_t off;
	struct ol_ytree *t = ol_yaml_parse(file + base, (size_t)(end - file) - base, base, &root,
	                                   &err, &off);
	assert_non_null(t);
	const struct ol_ynode *v = ol_ynode_get(root, "subject");
	assert_int_equal(v->start, at(file, "Grüße"));
	assert_int_equal(v->end, at(file, "}}\r") + 2);
	long n;
	assert_true(ol_ynode_int(ol_ynode_get(root, "step"), &n));
	assert_int_equal(n, 2);
	/* the block mapping ends with its last value, not at the next token */
	assert_int_equal(root->end, v->end);
	ol_yaml_free(t);
}

static void test_scalars(void **state)
{
	(void)state;
	const char *text = "a: 12\nb: '12'\nc: -3\nd: 0x1F\ne: zwölf\nf: 99999999999999999999999\n"
	                   "g: [1]\nh: ~\n";
	struct ol_ynode *root;
	struct ol_ytree *t = parse(text, &root);
	long n;
	assert_true(ol_ynode_int(ol_ynode_get(root, "a"), &n));
	assert_int_equal(n, 12);
	assert_false(ol_ynode_int(ol_ynode_get(root, "b"), &n)); /* quoted: a string */
	assert_true(ol_ynode_int(ol_ynode_get(root, "c"), &n));
	assert_int_equal(n, -3);
	assert_true(ol_ynode_int(ol_ynode_get(root, "d"), &n));
	assert_int_equal(n, 31);
	assert_false(ol_ynode_int(ol_ynode_get(root, "e"), &n));
	assert_false(ol_ynode_int(ol_ynode_get(root, "f"), &n)); /* overflow */
	assert_false(ol_ynode_int(ol_ynode_get(root, "g"), &n));
	assert_null(ol_ynode_str(ol_ynode_get(root, "g")));
	assert_string_equal(ol_ynode_str(ol_ynode_get(root, "h")), "~");
	assert_null(ol_ynode_get(root, "missing"));
	assert_null(ol_ynode_get(NULL, "a"));
	assert_null(ol_ynode_get(ol_ynode_get(root, "a"), "a"));
	ol_yaml_free(t);
}

static void test_empty_document(void **state)
{
	(void)state;
	struct ol_ynode *root = (struct ol_ynode *)&root;
	char *err = NULL;
	size_t off;
	struct ol_ytree *t = ol_yaml_parse("", 0, 0, &root, &err, &off);
	assert_non_null(t);
	assert_null(root);
	ol_yaml_free(t);
	t = ol_yaml_parse("# nur ein Kommentar\n", 20, 0, &root, &err, &off);
	assert_non_null(t);
	assert_null(root);
	ol_yaml_free(t);
	ol_yaml_free(NULL);
}

static void test_syntax_error_offset(void **state)
{
	(void)state;
	const char *text = "name: Grüße\nsteps: [a, b\nx: y\n";
	struct ol_ynode *root;
	char *err = NULL;
	size_t off = 0;
	struct ol_ytree *t = ol_yaml_parse(text, strlen(text), 100, &root, &err, &off);
	assert_null(t);
	assert_non_null(err);
	assert_true(strlen(err) > 0);
	assert_true(off >= 100 + at(text, "[a"));
	assert_true(off <= 100 + strlen(text));
	free(err);

	text = "a: b: c\n";
	t = ol_yaml_parse(text, strlen(text), 0, &root, &err, &off);
	assert_null(t);
	assert_non_null(strstr(err, "mapping values are not allowed"));
	assert_int_equal(off, at(text, ": c"));
	free(err);

	/* errors after multi-byte characters are byte offsets too */
	text = "ä: ö\nü: \"offen\n";
	t = ol_yaml_parse(text, strlen(text), 0, &root, &err, &off);
	assert_null(t);
	assert_true(off >= at(text, "\"offen"));
	free(err);
}

static void test_alias_shared(void **state)
{
	(void)state;
	const char *text = "base: &b {channel: email, day: 3}\nsteps: [*b, *b]\n";
	struct ol_ynode *root;
	struct ol_ytree *t = parse(text, &root);
	const struct ol_ynode *steps = ol_ynode_get(root, "steps");
	assert_int_equal(steps->n, 2);
	assert_ptr_equal(steps->items[0], ol_ynode_get(root, "base"));
	assert_ptr_equal(steps->items[1], steps->items[0]);
	ol_yaml_free(t);
}

static void test_alias_errors(void **state)
{
	(void)state;
	struct ol_ynode *root;
	char *err = NULL;
	size_t off;
	const char *text = "a: *nirgends\n";
	assert_null(ol_yaml_parse(text, strlen(text), 0, &root, &err, &off));
	assert_non_null(err);
	assert_int_equal(off, at(text, "*nirgends"));
	free(err);
	/* an alias to its own, still open, anchor would be a cycle */
	text = "a: &x [1, *x]\n";
	assert_null(ol_yaml_parse(text, strlen(text), 0, &root, &err, &off));
	free(err);
	text = "- &k [1]\n- {*k : 2}\n";
	assert_null(ol_yaml_parse(text, strlen(text), 0, &root, &err, &off));
	free(err);
}

static void test_billion_laughs(void **state)
{
	(void)state;
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 30; i++) {
		ol_buf_printf(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 9; k++)
			ol_buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
		ol_buf_adds(&b, "]\n");
	}
	clock_t c0 = clock();
	struct ol_ynode *root;
	struct ol_ytree *t = parse(b.data, &root);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	assert_true(secs < 1.0);
	assert_int_equal(root->n, 30);
	const struct ol_ynode *top = ol_ynode_get(root, "a29");
	assert_int_equal(top->n, 9);
	assert_ptr_equal(top->items[0], ol_ynode_get(root, "a28"));
	ol_yaml_free(t);
	ol_buf_fini(&b);
}

static void test_depth_limit(void **state)
{
	(void)state;
	struct ol_ynode *root;
	char *err = NULL;
	size_t off;
	char deep[200];
	memset(deep, '[', 64);
	memset(deep + 64, ']', 64);
	deep[128] = '\0';
	struct ol_ytree *t = ol_yaml_parse(deep, 128, 0, &root, &err, &off);
	assert_non_null(t); /* 64 levels are fine */
	ol_yaml_free(t);
	memset(deep, '[', 65);
	memset(deep + 65, ']', 65);
	deep[130] = '\0';
	t = ol_yaml_parse(deep, 130, 0, &root, &err, &off);
	assert_null(t);
	assert_non_null(strstr(err, "64"));
	assert_int_equal(off, 64);
	free(err);

	/* 100000 levels: an error, not a stack overflow */
	size_t n = 100000;
	char *huge = ol_xmalloc(2 * n + 1);
	memset(huge, '[', n);
	memset(huge + n, ']', n);
	huge[2 * n] = '\0';
	t = ol_yaml_parse(huge, 2 * n, 0, &root, &err, &off);
	assert_null(t);
	free(err);
	free(huge);
}

static void test_node_limit(void **state)
{
	(void)state;
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "[");
	for (int i = 0; i < 100001; i++)
		ol_buf_adds(&b, i ? ",1" : "1");
	ol_buf_adds(&b, "]");
	struct ol_ynode *root;
	char *err = NULL;
	size_t off;
	struct ol_ytree *t = ol_yaml_parse(b.data, b.len, 0, &root, &err, &off);
	assert_null(t);
	assert_non_null(strstr(err, "100000"));
	free(err);
	ol_buf_fini(&b);
}

static void test_multiple_documents(void **state)
{
	(void)state;
	const char *text = "a: 1\n---\nb: 2\n";
	struct ol_ynode *root;
	char *err = NULL;
	size_t off;
	assert_null(ol_yaml_parse(text, strlen(text), 0, &root, &err, &off));
	assert_int_equal(off, at(text, "---"));
	free(err);
}

static void test_complex_key_rejected(void **state)
{
	(void)state;
	const char *text = "? [a, b]\n: c\n";
	struct ol_ynode *root;
	char *err = NULL;
	size_t off;
	assert_null(ol_yaml_parse(text, strlen(text), 0, &root, &err, &off));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions_are_bytes),
		cmocka_unit_test(test_base_offset_and_crlf),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_syntax_error_offset),
		cmocka_unit_test(test_alias_shared),
		cmocka_unit_test(test_alias_errors),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_node_limit),
		cmocka_unit_test(test_multiple_documents),
		cmocka_unit_test(test_complex_key_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
