Content-Length: 5

{"a":Content-Length: 2

[]Content-Length: 30
Content-Type: application/vscode-jsonrpc; charset=utf-8

{"jsonrpc":"2.0","id":[1,2]}
