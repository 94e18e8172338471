// Example client of the pipe-ipc sample app ("orders" pipe) written with vscode-jsonrpc, the
// JSON-RPC library behind VS Code's language clients.
//
// pipe-ipc's default `content-length` framing is the LSP base protocol, which is exactly what
// vscode-jsonrpc speaks, so the only pipe-ipc-specific part is opening the Unix domain socket.
//
// Usage:
//   npm install --no-audit --no-fund
//   node orders-client.mjs [SOCKET_PATH]
//
// Without SOCKET_PATH the socket is found the way the server chooses it:
// $XDG_RUNTIME_DIR/orders.sock when XDG_RUNTIME_DIR is set, else /tmp/pipe-ipc-<user>/orders.sock
// (on Linux; macOS uses $TMPDIR instead of /tmp).

import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// vscode-jsonrpc is a CommonJS package without an "exports" map: import its Node entry point by
// file name and take the names from the default export.
import rpc from 'vscode-jsonrpc/node.js';

const {
	createMessageConnection,
	SocketMessageReader,
	SocketMessageWriter,
	ParameterStructures,
	ResponseError
} = rpc;

const TIMEOUT_MS = 15000;

// The server's default directory: $XDG_RUNTIME_DIR, else its user's own pipe-ipc-<user> in Java's
// temp directory (/tmp on Linux, $TMPDIR on macOS).
function defaultDirectory() {
	if (process.env.XDG_RUNTIME_DIR) {
		return process.env.XDG_RUNTIME_DIR;
	}
	const temp = process.platform === 'darwin' ? (process.env.TMPDIR || '/tmp') : '/tmp';
	return path.join(temp, 'pipe-ipc-' + os.userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_'));
}

const socketPath = process.argv[2] ?? path.join(defaultDirectory(), 'orders.sock');

// Resolves with the connected socket, or rejects with the connect error (ENOENT or ECONNREFUSED
// mean that no server listens on that path).
function connect(socketPath) {
	return new Promise((resolve, reject) => {
		const socket = net.createConnection(socketPath);
		socket.once('connect', () => {
			socket.removeListener('error', reject);
			resolve(socket);
		});
		socket.once('error', reject);
	});
}

function describe(order) {
	return `order ${order.id}: ${order.quantity} x ${order.item} (${order.status})`;
}

async function main() {
	console.log(`connecting to ${socketPath}`);
	const socket = await connect(socketPath);

	// One message connection per socket. It frames every message with Content-Length, gives each
	// request an id and matches the responses by id.
	const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
	// The server may push notifications at any time, also before the response to a request:
	// vscode-jsonrpc hands each one to the handler registered for its method. orders.track sends
	// orders.status with {"id": ..., "status": ...} before it answers.
	connection.onNotification('orders.status', (status) => {
		console.log(`notification orders.status: ${JSON.stringify(status)}`);
	});
	connection.listen();

	try {
		// A single object argument is sent as the params object itself: whole-object params.
		const created = await connection.sendRequest('orders.create', { item: 'coffee', quantity: 2 });
		console.log(`created ${describe(created)}`);

		// Positional params: "params": [id].
		const fetched = await connection.sendRequest('orders.get', ParameterStructures.byPosition, created.id);
		console.log(`got ${describe(fetched)}, created at ${fetched.createdAt}`);

		// Named params: "params": {"item": ..., "minQuantity": ...}; minQuantity is optional.
		const found = await connection.sendRequest('orders.find', ParameterStructures.byName,
			{ item: 'coffee', minQuantity: 2 });
		console.log(`found ${found.length} coffee order(s) of 2 or more: ids [${found.map((o) => o.id).join(', ')}]`);

		// A notification: no id and no answer. The server logs the message.
		await connection.sendNotification('orders.log', ParameterStructures.byPosition, 'hello from the Node.js client');
		console.log('sent orders.log notification');

		// An application error: vscode-jsonrpc rejects the promise with a ResponseError that carries
		// the error object's code, message and data.
		const unknown = 999999;
		try {
			await connection.sendRequest('orders.get', ParameterStructures.byPosition, unknown);
			throw new Error(`orders.get ${unknown} unexpectedly succeeded`);
		}
		catch (error) {
			if (!(error instanceof ResponseError)) {
				throw error;
			}
			console.log(`orders.get ${unknown} failed as expected: error ${error.code}: ${error.message}`
				+ ` (data: ${JSON.stringify(error.data)})`);
		}

		// Server push: the orders.status notification arrives before this response.
		const tracked = await connection.sendRequest('orders.track', ParameterStructures.byPosition, created.id);
		console.log(`tracked ${describe(tracked)}`);

		const cancelled = await connection.sendRequest('orders.cancel', ParameterStructures.byName, { id: created.id });
		console.log(`cancelled ${describe(cancelled)}`);
	}
	finally {
		connection.dispose();
		socket.end();
	}
}

// Never hang: give up when the server does not answer in time.
const timer = setTimeout(() => {
	console.error(`orders-client: no answer within ${TIMEOUT_MS / 1000} s`);
	process.exit(2);
}, TIMEOUT_MS);

main().then(() => {
	clearTimeout(timer);
}, (error) => {
	console.error(`orders-client: ${error && error.message ? error.message : error}`);
	process.exit(1);
});
