#!/usr/bin/env python3
"""Example client of the pipe-ipc sample app ("orders" pipe), standard library only.

pipe-ipc serves JSON-RPC 2.0 over a Unix domain socket. With the default `content-length`
framing every message is preceded by an LSP-style header:

    Content-Length: <number of body bytes>\\r\\n
    \\r\\n
    <UTF-8 JSON body>

`PipeRpcClient` below is a small, reusable client for that protocol: copy it into your own
program. The `main` function at the bottom calls each method of the sample app once.

Usage:
    python3 orders_client.py [SOCKET_PATH]

Without SOCKET_PATH the socket is found the way the server chooses it:
$XDG_RUNTIME_DIR/orders.sock when XDG_RUNTIME_DIR is set, else /tmp/pipe-ipc-<user>/orders.sock
(on Linux; macOS uses $TMPDIR instead of /tmp).
"""

import contextlib
import itertools
import json
import os
import pwd
import re
import socket
import sys


class RpcError(Exception):
    """A JSON-RPC error response: `code`, `message` and the optional `data` of the error object."""

    def __init__(self, code, message, data=None):
        super().__init__("error %s: %s" % (code, message))
        self.code = code
        self.message = message
        self.data = data


class PipeRpcClient:
    """JSON-RPC 2.0 over a Unix domain socket with content-length framing.

    One connection carries any number of requests. Responses are matched to requests by id, so
    a response that arrives for another request (the server answers in completion order) is
    kept until it is asked for. The server may also push notifications (messages with a
    "method" and no "id") at any time, before or between responses: each one is handed to
    `on_notification(method, params)` while the client waits, or ignored when no callback is
    given. Not thread-safe: use one client per thread.

        with PipeRpcClient("/tmp/orders.sock", on_notification=print) as client:
            order = client.request("orders.get", [1])
    """

    def __init__(self, path, timeout=10.0, on_notification=None):
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # A timeout on every blocking call, so that a stuck server cannot hang the client.
        self._sock.settimeout(timeout)
        try:
            self._sock.connect(path)
        except OSError:
            self._sock.close()
            raise
        self._buffer = b""
        self._ids = itertools.count(1)
        self._responses = {}  # responses received for requests other than the one awaited
        self._on_notification = on_notification
        self._progress_tokens = itertools.count(1)
        self._progress = {}  # progress token -> callback, see progress()

    # -- public API -------------------------------------------------------------------------

    def request(self, method, params=None):
        """Sends a request and returns its result, or raises RpcError for an error response.

        `params` is a list (positional params) or a dict (named params), or None for none.
        """
        request_id = next(self._ids)
        self._send(self._message(method, params, request_id))
        response = self._wait_for(request_id)
        if "error" in response:
            error = response["error"]
            raise RpcError(error.get("code"), error.get("message"), error.get("data"))
        return response.get("result")

    def notify(self, method, params=None):
        """Sends a notification: a message without an id, which the server never answers."""
        self._send(self._message(method, params))

    def stream(self, method, params=None):
        """Calls a method that answers a stream, and yields its values as they are pulled.

        The wire format is StreamJsonRpc's async enumerable. The result is
        {"token": T, "values": [...]}: the first values, and a token when more may follow. Each
        further batch is pulled with the request "$/enumerator/next" [T], answered
        {"values": [...], "finished": bool}. Values are pulled only as the loop asks for them, so a
        slow consumer never makes the server produce more. Leaving the loop early (break, an
        exception, or closing the generator: use `contextlib.closing`) sends the notification
        "$/enumerator/abort" [T], and the server stops the stream and releases what it holds.
        An error while pulling is raised as RpcError; the stream has ended then.
        """
        result = self.request(method, params)
        token = result.get("token")
        values = result.get("values", [])
        try:
            while True:
                yield from values
                if token is None:
                    return
                try:
                    batch = self.request("$/enumerator/next", [token])
                except RpcError:
                    token = None  # the server has ended the stream
                    raise
                values = batch.get("values", [])
                if batch.get("finished"):
                    token = None
        finally:
            if token is not None:
                self.notify("$/enumerator/abort", [token])

    @contextlib.contextmanager
    def progress(self, on_progress):
        """A progress token for one call: put it in the params where the method takes its progress
        (a PipeProgress parameter; IProgress<T> in .NET). For each "$/progress" notification of that
        token, {"token": T, "value": V} (or StreamJsonRpc's [T, V]), on_progress(V) is called; all of
        them arrive before the call's response.

            with client.progress(print) as token:
                client.request("orders.import", {"count": 3, "progress": token})
        """
        token = next(self._progress_tokens)
        self._progress[token] = on_progress
        try:
            yield token
        finally:
            del self._progress[token]

    def close(self):
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- messages ---------------------------------------------------------------------------

    @staticmethod
    def _message(method, params, request_id=None):
        message = {"jsonrpc": "2.0", "method": method}
        if request_id is not None:
            message["id"] = request_id
        if params is not None:  # leave params out rather than sending null
            message["params"] = params
        return message

    def _wait_for(self, request_id):
        while request_id not in self._responses:
            message = self._read_message()
            if isinstance(message, list):
                # A batch response; this client never sends batches, but keep it robust.
                for element in message:
                    self._responses[element.get("id")] = element
                continue
            if "method" in message:
                # A notification pushed by the server: it has a method and no id, and is never
                # answered. It may come before the response it relates to.
                if message["method"] == "$/progress" and self._report_progress(message.get("params")):
                    continue
                if self._on_notification is not None:
                    self._on_notification(message["method"], message.get("params"))
                continue
            if message.get("id") is None:
                # id null: the server could not tell which request this answers (a framing
                # error, an invalid message, or a refused connection: -32000).
                error = message.get("error", {})
                raise RpcError(error.get("code"), error.get("message"), error.get("data"))
            self._responses[message["id"]] = message
        return self._responses.pop(request_id)

    def _report_progress(self, params):
        # Named {"token": T, "value": V} (pipe-ipc) or positional [T, V] (StreamJsonRpc).
        if isinstance(params, dict):
            token, value = params.get("token"), params.get("value")
        elif isinstance(params, list) and len(params) == 2:
            token, value = params
        else:
            return False
        callback = self._progress.get(token) if isinstance(token, (int, str)) else None
        if callback is None:
            return False  # not ours: hand it to on_notification
        callback(value)
        return True

    # -- content-length framing -------------------------------------------------------------

    def _send(self, message):
        # Compact JSON, UTF-8; Content-Length counts bytes, not characters.
        body = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        self._sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def _read_message(self):
        # Header section: lines ending in CRLF, terminated by an empty line.
        while b"\r\n\r\n" not in self._buffer:
            self._receive_more()
        header, self._buffer = self._buffer.split(b"\r\n\r\n", 1)
        length = None
        for line in header.decode("ascii").split("\r\n"):
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
            # Any other header (the server sends none) is ignored.
        if length is None:
            raise ConnectionError("frame without Content-Length header")
        # Body: exactly `length` bytes; whatever follows belongs to the next frame.
        while len(self._buffer) < length:
            self._receive_more()
        body, self._buffer = self._buffer[:length], self._buffer[length:]
        return json.loads(body.decode("utf-8"))

    def _receive_more(self):
        chunk = self._sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self._buffer += chunk


def default_socket_path(name="orders"):
    """Where the server puts <name>.sock by default: $XDG_RUNTIME_DIR, else its user's own
    directory pipe-ipc-<user> in Java's temp directory (/tmp on Linux, $TMPDIR on macOS)."""
    directory = os.environ.get("XDG_RUNTIME_DIR")
    if not directory:
        temp = (os.environ.get("TMPDIR") or "/tmp") if sys.platform == "darwin" else "/tmp"
        user = re.sub(r"[^A-Za-z0-9._-]", "_", pwd.getpwuid(os.getuid()).pw_name)
        directory = os.path.join(temp, "pipe-ipc-" + user)
    return os.path.join(directory, name + ".sock")


def describe(order):
    return "order %d: %d x %s (%s)" % (order["id"], order["quantity"], order["item"], order["status"])


def main(argv):
    path = argv[1] if len(argv) > 1 else default_socket_path()
    print("connecting to %s" % path)
    def on_notification(method, params):
        # orders.track pushes {"id": ..., "status": ...} under orders.status before it answers.
        print("notification %s: %s" % (method, json.dumps(params, sort_keys=True)))

    with PipeRpcClient(path, on_notification=on_notification) as client:
        # Whole-object params: the params object is the new order.
        created = client.request("orders.create", {"item": "coffee", "quantity": 2})
        print("created " + describe(created))

        # Positional params: [id].
        fetched = client.request("orders.get", [created["id"]])
        print("got " + describe(fetched) + ", created at " + fetched["createdAt"])

        # Named params; "minQuantity" is optional.
        found = client.request("orders.find", {"item": "coffee", "minQuantity": 2})
        print("found %d coffee order(s) of 2 or more: ids %s" % (len(found), [o["id"] for o in found]))

        # A notification: no id, no answer. The server logs the message.
        client.notify("orders.log", ["hello from the Python client"])
        print("sent orders.log notification")

        # An application error: the server answers with code 1001 and data {"id": ...}.
        unknown = 999999
        try:
            client.request("orders.get", [unknown])
            print("orders.get %d unexpectedly succeeded" % unknown, file=sys.stderr)
            return 1
        except RpcError as error:
            print("orders.get %d failed as expected: error %s: %s (data: %s)"
                  % (unknown, error.code, error.message, json.dumps(error.data)))

        # Server push: the server sends an orders.status notification, then the response.
        tracked = client.request("orders.track", [created["id"]])
        print("tracked " + describe(tracked))

        # Named params work for positional-looking methods too: {"id": ...}.
        cancelled = client.request("orders.cancel", {"id": created["id"]})
        print("cancelled " + describe(cancelled))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, RpcError) as failure:  # socket errors, timeouts, unexpected RPC errors
        print("orders_client: %s" % failure, file=sys.stderr)
        sys.exit(1)
