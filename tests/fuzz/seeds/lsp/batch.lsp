Content-Length: 137

[{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}, {"jsonrpc": "2.0", "id": 99, "method": "shutdown"}]Content-Length: 96

{"jsonrpc": "2.0", "id": 1.5e+308, "method": "initialize", "params": {"x": "\\ud83d\\ude00 ä"}}