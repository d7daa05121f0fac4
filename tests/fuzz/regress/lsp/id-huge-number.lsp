Content-Length: 90

{"jsonrpc": "2.0", "id": 1.5e+308, "method": "initialize", "params": {"capabilities": {}}}