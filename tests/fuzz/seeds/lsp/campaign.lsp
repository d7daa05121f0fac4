Content-Length: 83

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}Content-Length: 57

{"jsonrpc": "2.0", "method": "initialized", "params": {}}Content-Length: 363

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/t/erstkontakt.md", "languageId": "markdown", "version": 1, "text": "---\nsubject: Kurze Frage zu {{firma}}\nstep: 1\n---\nHallo {{vorname}},\n\nich melde mich, weil dir das {helfen|nützen} kann. Größte Lösung!\n\nBeste Grüße\nMax Müller\n"}}}Content-Length: 273

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/q1.yaml", "languageId": "yaml", "version": 1, "text": "campaign: q1\nsteps:\n  - template: t/erstkontakt.md\n    day: 0\n  - template: t/f.md\n    day: 1\n"}}}Content-Length: 287

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/q1.yaml", "version": 2}, "contentChanges": [{"text": "campaign: q1\nsteps:\n  - template: t/erstkontakt.md\n    day: 0\n  - template: t/f.md\n    day: 1\n  - day: x\n"}]}}Content-Length: 50

{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}