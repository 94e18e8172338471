package dev.pipeipc.test;

import java.time.Duration;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeServer;

/**
 * Calls a pipe server as a client process would, over a real connection, and asserts on what it
 * answers in AssertJ's style:
 * <pre class="code">
 * tester.call("orders.get", 42).isSuccess().satisfies((order) -&gt; ...);
 * tester.call("orders.get", 42).result(Order.class).extracting(Order::item).isEqualTo("tea");
 * tester.call("orders.get", 999).isError(1001).hasMessageContaining("999").hasDataSatisfying(...);
 * tester.notifications().received("orders.changed").hasParamsSatisfying(...);
 * </pre>
 * One tester is one connection, opened on the first call; every notification the server pushes
 * on it is recorded. {@code @PipeTest} and {@code @AutoConfigurePipeTester} provide one for the
 * application's main server; {@link #forServer(PipeServer, ObjectMapper)} makes one for any other.
 * Results and params go through the given mapper, usually the application's.
 */
public final class PipeTester implements AutoCloseable {

	/** How long a call or a wait for a notification may take unless the tester says otherwise. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final PipeClient client;

	private final ObjectMapper mapper;

	private final Duration timeout;

	private final ReceivedNotifications notifications = new ReceivedNotifications();

	private PipeTester(PipeClient client, ObjectMapper mapper, Duration timeout) {
		this.client = client;
		this.mapper = mapper;
		this.timeout = timeout;
		client.onAnyNotification(this.notifications::add);
	}

	/**
	 * Create a tester for a server: its address, framing and largest message.
	 * @param server the server to call
	 * @param mapper the mapper for params and results
	 * @return a tester, not yet connected
	 */
	public static PipeTester forServer(PipeServer server, ObjectMapper mapper) {
		return forServer(server, mapper, DEFAULT_TIMEOUT);
	}

	/**
	 * Create a tester for a server with a timeout of its own.
	 * @param server the server to call
	 * @param mapper the mapper for params and results
	 * @param timeout how long a call or a wait for a notification may take
	 * @return a tester, not yet connected
	 */
	public static PipeTester forServer(PipeServer server, ObjectMapper mapper, Duration timeout) {
		PipeClient client = PipeClient.builder(server.getAddress())
			.framing(server.getSettings().framing())
			.maxMessageSize(server.getSettings().maxMessageSize())
			.mapper(mapper)
			.requestTimeout(timeout)
			.build();
		return new PipeTester(client, mapper, timeout);
	}

	/**
	 * Call a method with params by position; no params at all when none are given.
	 * @param method the method name
	 * @param params the params, each converted with the mapper
	 * @return assertions on the answer
	 */
	public PipeCallAssert call(String method, @Nullable Object... params) {
		return send(method, (params == null || params.length == 0) ? null : Arrays.asList(params));
	}

	/**
	 * Call a method with params as given: a map or an object for params by name, a list for params
	 * by position.
	 * @param method the method name
	 * @param params the params, converted with the mapper
	 * @return assertions on the answer
	 */
	public PipeCallAssert callWithParams(String method, @Nullable Object params) {
		return send(method, params);
	}

	/**
	 * Send a notification: a call without an id, which the server never answers.
	 * @param method the method name
	 * @param params the params by position
	 */
	public void notify(String method, @Nullable Object... params) {
		this.client.notify(method, (params == null || params.length == 0) ? null : Arrays.asList(params));
	}

	/**
	 * Assertions on the notifications the server pushed to this tester's connection; they wait for
	 * notifications still on their way.
	 * @return assertions on the notifications
	 */
	public PipeNotificationsAssert notifications() {
		return new PipeNotificationsAssert(this.notifications, this.mapper, this.timeout);
	}

	/**
	 * The client under this tester, for what the assertions do not cover.
	 * @return the client
	 */
	public PipeClient getClient() {
		return this.client;
	}

	private PipeCallAssert send(String method, @Nullable Object params) {
		PipeResponse response;
		try {
			JsonNode result = this.client.call(method, params, JsonNode.class);
			response = new PipeResponse(method, (result != null) ? result : NullNode.getInstance(), null);
		}
		catch (JsonRpcException ex) {
			Object data = ex.getData();
			JsonNode dataNode = (data != null) ? this.mapper.valueToTree(data) : null;
			String message = (ex.getMessage() != null) ? ex.getMessage() : "";
			response = new PipeResponse(method, null, new PipeResponse.Error(ex.getCode(), message, dataNode));
		}
		return new PipeCallAssert(response, this.mapper);
	}

	/**
	 * Close the connection.
	 */
	@Override
	public void close() {
		this.client.close();
	}

	@Override
	public String toString() {
		return "PipeTester of " + this.client.getAddress();
	}

}
