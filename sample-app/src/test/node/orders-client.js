'use strict';

// A JSON-RPC 2.0 client of the sample "orders" service written with vscode-jsonrpc, the library
// behind VS Code's language clients. It talks to the running app over its Unix domain socket with
// LSP-style Content-Length framing and checks that the server speaks the protocol the way a
// mainstream client expects.
//
// Usage: node orders-client.js <socket-path>
// Prints one "PASS <check>" line per check and exits 0 when all pass; on the first failure it
// prints "FAIL <check>: <reason>" to stderr and exits 1 (2 on the overall timeout).
//
// Run by dev.pipeipc.sample.NodeJsonRpcClientTest.

const net = require('net');
const {
	createMessageConnection,
	SocketMessageReader,
	SocketMessageWriter,
	ParameterStructures,
	RequestType,
	ResponseError,
	ErrorCodes,
	Trace
} = require('vscode-jsonrpc/node');

const TIMEOUT_MS = 20000;
const CONCURRENT_REQUESTS = 50;
const ORDER_NOT_FOUND = 1001;
const INVALID_PARAMS = -32602;

// orders.get with one positional param: params are sent as [id].
const GetOrder = new RequestType('orders.get', ParameterStructures.byPosition);

const socketPath = process.argv[2];
if (!socketPath) {
	console.error('FAIL usage: node orders-client.js <socket-path>');
	process.exit(1);
}

let step = 'connect';
let finished = false;
// Protocol problems vscode-jsonrpc reports through its logger or tracer rather than by rejecting
// a request, e.g. a response to a notification or a response whose id matches no request.
const protocolProblems = [];

class CheckFailure extends Error {
}

function check(condition, message) {
	if (!condition) {
		throw new CheckFailure(message);
	}
}

function pass(description) {
	console.log(`PASS ${description}`);
}

function fail(message, exitCode) {
	if (finished) {
		return;
	}
	finished = true;
	console.error(`FAIL ${step}: ${message}`);
	process.exit(exitCode);
}

function show(value) {
	return JSON.stringify(value);
}

async function expectResponseError(promise, expectedCode, what) {
	let result;
	try {
		result = await promise;
	}
	catch (error) {
		check(error instanceof ResponseError,
			`${what} rejected with ${error && error.constructor && error.constructor.name} '${error && error.message}',`
			+ ` expected a ResponseError`);
		check(error.code === expectedCode,
			`${what} rejected with error code ${error.code} ('${error.message}'), expected ${expectedCode};`
			+ ` data ${show(error.data)}`);
		return error;
	}
	throw new CheckFailure(`${what} resolved with ${show(result)}, expected an error with code ${expectedCode}`);
}

function checkOrder(order, expected, what) {
	check(order !== null && typeof order === 'object' && !Array.isArray(order),
		`${what} returned ${show(order)}, expected an Order object`);
	check(Number.isInteger(order.id) && order.id > 0, `${what} returned id ${show(order.id)}, expected a positive integer`);
	for (const key of Object.keys(expected)) {
		check(order[key] === expected[key], `${what} returned ${key} ${show(order[key])}, expected ${show(expected[key])}`
			+ ` in ${show(order)}`);
	}
	check(typeof order.createdAt === 'string' && !Number.isNaN(Date.parse(order.createdAt)),
		`${what} returned createdAt ${show(order.createdAt)}, expected an ISO-8601 timestamp`);
}

function connect(path) {
	return new Promise((resolve, reject) => {
		const socket = net.createConnection(path);
		socket.once('connect', () => {
			socket.removeListener('error', reject);
			resolve(socket);
		});
		socket.once('error', reject);
	});
}

async function run() {
	let socket;
	try {
		socket = await connect(socketPath);
	}
	catch (error) {
		throw new CheckFailure(`cannot connect to ${socketPath}: ${error.message}`);
	}
	pass(`connected to the orders socket`);

	const logger = {
		error: (message) => protocolProblems.push(`error: ${message}`),
		warn: (message) => protocolProblems.push(`warning: ${message}`),
		info: () => {},
		log: () => {}
	};
	const connection = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket), logger);
	connection.onError(([error]) => protocolProblems.push(`connection error: ${error && error.message}`));
	connection.onClose(() => {
		if (!finished) {
			fail(`the server closed the connection during '${step}'`, 1);
		}
	});
	connection.onUnhandledNotification((message) => protocolProblems.push(
			`unexpected notification from the server: ${show(message)}`));
	await connection.trace(Trace.Messages, {
		log: (message) => {
			if (message.includes('without active response promise')) {
				protocolProblems.push(`response to no pending request: ${message}`);
			}
		}
	});
	connection.listen();

	// Object params: the whole params object is the new order.
	step = 'orders.create';
	const created = await connection.sendRequest('orders.create', { item: 'coffee', quantity: 2 });
	checkOrder(created, { item: 'coffee', quantity: 2, status: 'OPEN' }, 'orders.create');
	pass(`orders.create with object params -> order ${created.id}`);

	step = 'orders.create invalid';
	const rejected = await expectResponseError(connection.sendRequest('orders.create', { item: '', quantity: 0 }),
		INVALID_PARAMS, 'orders.create {"item":"","quantity":0}');
	pass(`orders.create with an invalid order -> error ${rejected.code}`);

	// Positional params, once through a typed RequestType and once with an explicit parameter structure.
	step = 'orders.get';
	const fetched = await connection.sendRequest(GetOrder, created.id);
	checkOrder(fetched, { id: created.id, item: 'coffee', quantity: 2, status: 'OPEN', createdAt: created.createdAt },
		`orders.get [${created.id}]`);
	const fetchedAgain = await connection.sendRequest('orders.get', ParameterStructures.byPosition, created.id);
	check(show(fetchedAgain) === show(fetched),
		`orders.get byPosition returned ${show(fetchedAgain)}, expected ${show(fetched)}`);
	pass(`orders.get with positional params -> order ${fetched.id}`);

	// Named params, with and without the optional minQuantity.
	step = 'orders.find';
	const found = await connection.sendRequest('orders.find', ParameterStructures.byName,
		{ item: 'coffee', minQuantity: 2 });
	check(Array.isArray(found), `orders.find returned ${show(found)}, expected an array`);
	check(found.some((order) => order.id === created.id),
		`orders.find {"item":"coffee","minQuantity":2} returned ${show(found)}, expected order ${created.id}`);
	const tooMany = await connection.sendRequest('orders.find', ParameterStructures.byName,
		{ item: 'coffee', minQuantity: 3 });
	check(Array.isArray(tooMany) && !tooMany.some((order) => order.id === created.id),
		`orders.find {"item":"coffee","minQuantity":3} returned ${show(tooMany)}, expected no order ${created.id}`);
	const withoutMin = await connection.sendRequest('orders.find', ParameterStructures.byName, { item: 'COFFEE' });
	check(Array.isArray(withoutMin) && withoutMin.some((order) => order.id === created.id),
		`orders.find {"item":"COFFEE"} returned ${show(withoutMin)}, expected order ${created.id}`);
	pass(`orders.find with named params -> ${found.length} order(s)`);

	// A notification gets no answer; the request after it must still work.
	step = 'orders.log';
	await connection.sendNotification('orders.log', ParameterStructures.byPosition, 'hello from vscode-jsonrpc');
	const afterLog = await connection.sendRequest(GetOrder, created.id);
	check(afterLog && afterLog.id === created.id, `orders.get after the notification returned ${show(afterLog)}`);
	pass('orders.log notification sent');

	// Notifications of methods the server does not know, such as the cancellation vscode-jsonrpc
	// sends for a cancelled request, must be dropped without an answer.
	step = 'unknown notification';
	await connection.sendNotification('$/cancelRequest', { id: 424242 });
	await connection.sendNotification('orders.nope', ParameterStructures.byPosition, 'ignored');
	const afterUnknown = await connection.sendRequest(GetOrder, created.id);
	check(afterUnknown && afterUnknown.id === created.id,
		`orders.get after unknown notifications returned ${show(afterUnknown)}`);
	check(protocolProblems.length === 0, `vscode-jsonrpc reported:\n  ${protocolProblems.join('\n  ')}`);
	pass('unknown notifications get no answer');

	step = 'orders.get unknown id';
	const unknownId = 987654321;
	const notFound = await expectResponseError(connection.sendRequest(GetOrder, unknownId), ORDER_NOT_FOUND,
		`orders.get [${unknownId}]`);
	check(notFound.data !== null && typeof notFound.data === 'object' && notFound.data.id === unknownId,
		`orders.get [${unknownId}] rejected with data ${show(notFound.data)}, expected {"id":${unknownId}}`);
	pass(`orders.get unknown id -> error ${notFound.code} with data.id ${notFound.data.id}`);

	step = 'unknown method';
	const noMethod = await expectResponseError(connection.sendRequest('orders.nope', ParameterStructures.byPosition, 1),
		ErrorCodes.MethodNotFound, 'orders.nope');
	pass(`unknown method -> error ${noMethod.code}`);

	step = 'orders.cancel';
	const cancelled = await connection.sendRequest('orders.cancel', ParameterStructures.byName, { id: created.id });
	checkOrder(cancelled, { id: created.id, status: 'CANCELLED' }, `orders.cancel {"id":${created.id}}`);
	pass(`orders.cancel with named params -> order ${cancelled.id} ${cancelled.status}`);

	// Pipelining: send every request before awaiting any answer, then match each answer to its request.
	step = 'concurrent requests';
	const pending = [];
	for (let i = 0; i < CONCURRENT_REQUESTS; i++) {
		if (i % 5 === 4) {
			pending.push(connection.sendRequest(GetOrder, created.id).then((order) => ({ i, order })));
		}
		else {
			pending.push(connection.sendRequest('orders.create', { item: `bulk-${i}`, quantity: i + 1 })
				.then((order) => ({ i, order })));
		}
	}
	const answers = await Promise.all(pending);
	const ids = new Set();
	for (const { i, order } of answers) {
		if (i % 5 === 4) {
			checkOrder(order, { id: created.id, status: 'CANCELLED' }, `concurrent request ${i} (orders.get)`);
		}
		else {
			checkOrder(order, { item: `bulk-${i}`, quantity: i + 1, status: 'OPEN' },
				`concurrent request ${i} (orders.create)`);
			check(!ids.has(order.id), `concurrent orders.create returned id ${order.id} twice`);
			ids.add(order.id);
		}
	}
	pass(`${CONCURRENT_REQUESTS} concurrent requests answered correctly`);

	step = 'protocol';
	check(protocolProblems.length === 0, `vscode-jsonrpc reported:\n  ${protocolProblems.join('\n  ')}`);
	pass('no protocol errors reported by vscode-jsonrpc');

	step = 'close';
	finished = true;
	connection.dispose();
	socket.end();
	console.log('ALL CHECKS PASSED');
}

const timer = setTimeout(() => fail(`timed out after ${TIMEOUT_MS / 1000} s`, 2), TIMEOUT_MS);

run().then(() => {
	clearTimeout(timer);
	process.exit(0);
}, (error) => {
	if (error instanceof CheckFailure) {
		fail(error.message, 1);
	}
	else {
		fail(`unexpected ${error && error.stack ? error.stack : error}`, 1);
	}
});
