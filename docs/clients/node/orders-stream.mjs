// Streams and progress from the pipe-ipc sample app ("orders" pipe) with vscode-jsonrpc.
//
// A method that answers a stream uses StreamJsonRpc's async-enumerable protocol: its result is
// {"token": T, "values": [...]}, the first values and a token when more may follow; each further
// batch is pulled with the request "$/enumerator/next" [T], answered {"values": [...],
// "finished": bool}, and "$/enumerator/abort" [T] stops it early. `stream()` below turns that into
// an async generator. Progress is LSP's "$/progress" {"token", "value"}, which vscode-jsonrpc
// receives with connection.onProgress.
//
// Usage:
//   npm install --no-audit --no-fund
//   node orders-stream.mjs [SOCKET_PATH]

import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import rpc from 'vscode-jsonrpc/node.js';

const {
	createMessageConnection,
	SocketMessageReader,
	SocketMessageWriter,
	ParameterStructures,
	ProgressType
} = rpc;

const TIMEOUT_MS = 15000;

function defaultDirectory() {
	if (process.env.XDG_RUNTIME_DIR) {
		return process.env.XDG_RUNTIME_DIR;
	}
	const temp = process.platform === 'darwin' ? (process.env.TMPDIR || '/tmp') : '/tmp';
	return path.join(temp, 'pipe-ipc-' + os.userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_'));
}

const socketPath = process.argv[2] ?? path.join(defaultDirectory(), 'orders.sock');

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

// Calls a method that answers a stream and yields its values, pulling the next batch only when
// the loop has used the last one. Leaving the loop early (break, return, throw) runs `finally`,
// which sends $/enumerator/abort so that the server stops the stream and releases it. After an
// error answer to a pull the server has ended the stream already, so there is nothing to abort.
async function* stream(connection, method, ...params) {
	const first = await connection.sendRequest(method, ...params);
	let token = first.token;
	let values = first.values ?? [];
	try {
		while (true) {
			yield* values;
			if (token === undefined || token === null) {
				return;
			}
			let batch;
			try {
				batch = await connection.sendRequest('$/enumerator/next', ParameterStructures.byPosition, token);
			}
			catch (error) {
				token = undefined;
				throw error;
			}
			values = batch.values ?? [];
			if (batch.finished) {
				token = undefined;
			}
		}
	}
	finally {
		if (token !== undefined && token !== null) {
			await connection.sendNotification('$/enumerator/abort', ParameterStructures.byPosition, token);
		}
	}
}

async function main() {
	console.log(`connecting to ${socketPath}`);
	const socket = await connect(socketPath);
	const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
	connection.listen();
	try {
		// A handler returning Flux<Order>: every value.
		const ids = [];
		for await (const order of stream(connection, 'orders.stream', ParameterStructures.byName, { count: 50 })) {
			ids.push(order.id);
		}
		console.log(`orders.stream: ${ids.length} orders, ids ${ids[0]} to ${ids[ids.length - 1]}`);

		// Leaving early: the generator's finally sends $/enumerator/abort, the server cancels the Flux.
		const taken = [];
		for await (const order of stream(connection, 'orders.stream', ParameterStructures.byName, { count: 100000 })) {
			taken.push(order.id);
			if (taken.length === 5) {
				break;
			}
		}
		console.log(`orders.stream: stopped after ${taken.length} of 100000 orders, ids [${taken.join(', ')}]`);

		// A handler returning Stream<Order>: the orders on the desk.
		await connection.sendRequest('orders.create', { item: 'coffee', quantity: 1 });
		let count = 0;
		for await (const order of stream(connection, 'orders.streamAll')) {
			count += order.id > 0 ? 1 : 0;
		}
		console.log(`orders.streamAll: ${count} order(s) on the desk`);

		// Progress: a token in the "progress" param. $/progress {"token", "value"} is LSP's own
		// notification, so vscode-jsonrpc routes it by token to the handler given to onProgress; all
		// of them arrive before the response. A client that falls behind may miss some, never the last.
		const token = 1;
		const progress = connection.onProgress(new ProgressType(), token, (value) => {
			console.log(`progress: ${value.done} of ${value.total} orders placed`);
		});
		const placed = await connection.sendRequest('orders.placeMany', ParameterStructures.byName,
			{ item: 'tea', count: 3, progress: token });
		progress.dispose();
		console.log(`orders.placeMany: ${placed.length} orders placed`);

		// The connection is still usable: the aborted stream left nothing behind.
		const mine = await connection.sendRequest('orders.mine');
		console.log(`orders.mine: ${mine.length} order(s)`);
	}
	finally {
		connection.dispose();
		socket.end();
	}
}

const timer = setTimeout(() => {
	console.error(`orders-stream: no answer within ${TIMEOUT_MS / 1000} s`);
	process.exit(2);
}, TIMEOUT_MS);

main().then(() => {
	clearTimeout(timer);
}, (error) => {
	console.error(`orders-stream: ${error && error.message ? error.message : error}`);
	process.exit(1);
});
