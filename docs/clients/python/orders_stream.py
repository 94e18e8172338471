#!/usr/bin/env python3
"""Streams and progress from the pipe-ipc sample app ("orders" pipe), standard library only.

Uses PipeRpcClient from orders_client.py: `stream()` pulls a method's values batch by batch
(StreamJsonRpc's async-enumerable protocol: "$/enumerator/next", "$/enumerator/abort") and
`progress()` receives the "$/progress" notifications of one call.

Usage:
    python3 orders_stream.py [SOCKET_PATH]
"""

import contextlib
import sys

from orders_client import PipeRpcClient, RpcError, default_socket_path


def main(argv):
    path = argv[1] if len(argv) > 1 else default_socket_path()
    print("connecting to %s" % path)
    with PipeRpcClient(path) as client:
        # A handler returning Flux<Order>: every value, pulled as the loop asks for them.
        ids = [order["id"] for order in client.stream("orders.stream", {"count": 50})]
        print("orders.stream: %d orders, ids %d to %d" % (len(ids), ids[0], ids[-1]))

        # Leaving early: closing the generator sends $/enumerator/abort, the server cancels the Flux.
        taken = []
        with contextlib.closing(client.stream("orders.stream", {"count": 100000})) as orders:
            for order in orders:
                taken.append(order["id"])
                if len(taken) == 5:
                    break
        print("orders.stream: stopped after %d of 100000 orders, ids %s" % (len(taken), taken))

        # A handler returning Stream<Order>: the orders on the desk.
        client.request("orders.create", {"item": "coffee", "quantity": 1})
        every = list(client.stream("orders.streamAll"))
        print("orders.streamAll: %d order(s) on the desk" % len(every))

        # Progress: a token in the "progress" param; each $/progress notification for it calls
        # on_progress, all of them before the response. A client that falls behind may miss some,
        # never the last.
        def on_progress(value):
            print("progress: %d of %d orders placed" % (value["done"], value["total"]))

        with client.progress(on_progress) as token:
            placed = client.request("orders.placeMany", {"item": "tea", "count": 3, "progress": token})
        print("orders.placeMany: %d orders placed" % len(placed))

        # The connection is still usable: the aborted stream left nothing behind.
        print("orders.mine: %d order(s)" % len(client.request("orders.mine")))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, RpcError) as failure:
        print("orders_stream: %s" % failure, file=sys.stderr)
        sys.exit(1)
