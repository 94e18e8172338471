#!/usr/bin/env python3
"""A client of StreamJsonRpc's async-enumerable protocol, written from its documentation
(docfx/exotic_types/asyncenumerable.md) with nothing but the standard library: it reads a stream
to its end with $/enumerator/next (the token positional, as StreamJsonRpc's own client sends it,
and named), and aborts another with $/enumerator/abort.

Usage: async_enumerable_client.py SOCKET_PATH
Calls numbers.flux [5] and numbers.stream [5], whose values are 0..4, and numbers.endless, which
never ends. Prints what it did and exits 0 when every answer is as the protocol says.
"""
import json
import socket
import sys


class Connection:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.buffer = b""
        self.next_id = 0

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def receive(self):
        while b"\r\n\r\n" not in self.buffer:
            self.read()
        header, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        length = None
        for line in header.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(self.buffer) < length:
            self.read()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return json.loads(body)

    def read(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("the server closed the connection")
        self.buffer += chunk

    def call(self, method, params=None):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            request["params"] = params
        self.send(request)
        response = self.receive()
        assert response.get("id") == self.next_id, response
        return response

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})


def read_all(connection, method, params, named):
    """Read a whole stream; the token goes as [token] or as {"token": token}."""
    result = connection.call(method, params)["result"]
    values = list(result.get("values") or [])
    token = result.get("token")
    pulls = 0
    while token is not None:
        args = {"token": token} if named else [token]
        answer = connection.call("$/enumerator/next", args)
        assert "result" in answer, answer
        batch = answer["result"]
        assert isinstance(batch["values"], list), batch
        assert batch["values"] or batch.get("finished"), "an empty batch must be the last: %r" % batch
        values.extend(batch["values"])
        pulls += 1
        if batch.get("finished", False):
            gone = connection.call("$/enumerator/next", [token])
            assert gone["error"]["code"] == -32001, gone
            token = None
    return values, pulls


def main(path):
    connection = Connection(path)
    for method, named in (("numbers.flux", False), ("numbers.stream", True), ("numbers.flux", True)):
        values, pulls = read_all(connection, method, [5], named)
        assert values == [0, 1, 2, 3, 4], (method, values)
        print("%s: %r in the response and %d pull(s), token %s" % (method, values, pulls,
                                                                 "named" if named else "positional"))

    first = connection.call("numbers.endless")["result"]
    token = first["token"]
    connection.notify("$/enumerator/abort", [token])
    gone = connection.call("$/enumerator/next", [token])
    assert gone["error"]["code"] == -32001, gone
    print("numbers.endless: aborted after %r; next answers %d" % (first.get("values"), gone["error"]["code"]))
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1])
