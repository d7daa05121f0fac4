Content-Length: 83

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}Content-Length: 57

{"jsonrpc": "2.0", "method": "initialized", "params": {}}Content-Length: 363

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/t/erstkontakt.md", "languageId": "markdown", "version": 1, "text": "---\nsubject: Kurze Frage zu {{firma}}\nstep: 1\n---\nHallo {{vorname}},\n\nich melde mich, weil dir das {helfen|nützen} kann. Größte Lösung!\n\nBeste Grüße\nMax Müller\n"}}}Content-Length: 264

{"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/t/erstkontakt.md"}, "range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 40}}, "context": {"diagnostics": []}}}Content-Length: 363

{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/t/erstkontakt.md", "version": 2}, "contentChanges": [{"text": "---\nsubject: Kurze Frage zu {{firma}}\nstep: 1\n---\nHallo {{vorname}},\n\nich melde mich, weil Ihnen das {helfen|nützen} kann. Größte Lösung!\n\nBeste Grüße\nMax Müller\n"}]}}Content-Length: 134

{"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/t/erstkontakt.md"}}}Content-Length: 135

{"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/t/erstkontakt.md"}}}Content-Length: 50

{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}