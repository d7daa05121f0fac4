Content-Length: 363

{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///nonexistent-fuzz/t/erstkontakt.md", "languageId": "markdown", "version": 1, "text": "---\nsubject: Kurze Frage zu {{firma}}\nstep: 1\n---\nHallo {{vorname}},\n\nich melde mich, weil dir das {helfen|nützen} kann. Größte Lösung!\n\nBeste Grüße\nMax Müller\n"}}}Content-Length: 44

{"jsonrpc": "2.0", "id": 3, "method": "foo"}Content-Length: 83

{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}Content-Length: 36

{"jsonrpc": "2.0", "method": "exit"}