package dev.pipeipc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.core.ParameterizedTypeReference;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link PipeClient} against a real {@link dev.pipeipc.server.PipeServer} on a Unix domain
 * socket, beyond the {@link PipeClientContractTests contract} every transport passes: results read
 * as records, lists of records (through a {@link ParameterizedTypeReference}), maps, primitives,
 * {@link JsonNode}s, {@code void} and {@code null}; params sent by position (a list or an array), by
 * name (a map or a record), as one record bound whole, and as a single scalar; asynchronous calls
 * answered out of order and 64 blocking calls from 8 threads sharing one connection; a caller whose
 * thread is interrupted not breaking the connection the other calls share; an answer over the
 * client's maximum message size failing its call instead of leaving it waiting forever;
 * notifications never answered; a batch of notifications only; server errors as
 * {@link JsonRpcException} (method not found, invalid params, internal errors); a result of the
 * wrong shape; connecting lazily or eagerly, or to a server that starts late within the connect
 * timeout; and every stream framing ({@code content-length}, {@code length-prefix},
 * {@code newline}) with calls, a large answer, a batch and a pushed notification.
 */
class PipeClientIntegrationTests extends SocketClientTestSupport {

	private final Handlers handlers = new Handlers();

	private TestPipeServer server;

	private PipeClient client;

	@BeforeEach
	void setUp() {
		this.server = startServer("client", this.handlers);
		this.closeables.add(this.handlers.slowGate::countDown);
		this.client = client(clientOf(this.server));
	}

	// ---------------------------------------------------------------- typed results

	@Test
	void resultIsReadAsARecord() {
		Item item = this.client.call("items.get", List.of("tea"), Item.class);
		assertThat(item).isEqualTo(new Item("tea", 3));
	}

	@Test
	void resultIsReadAsAListOfRecordsThroughAParameterizedTypeReference() {
		List<Item> items = this.client.call("items.list", List.of(2), new ParameterizedTypeReference<List<Item>>() {
		});
		assertThat(items).containsExactly(new Item("item-1", 1), new Item("item-2", 2));
		assertThat(items.get(0)).isInstanceOf(Item.class);
	}

	@Test
	void asyncResultIsReadAsAListOfRecordsThroughAParameterizedTypeReference() throws Exception {
		CompletableFuture<List<Item>> items = this.client.callAsync("items.list", List.of(3),
				new ParameterizedTypeReference<List<Item>>() {
				});
		assertThat(items.get(10, TimeUnit.SECONDS)).containsExactly(new Item("item-1", 1), new Item("item-2", 2),
				new Item("item-3", 3));
	}

	@Test
	void resultIsReadAsAMap() {
		Map<String, Integer> counts = this.client.call("items.counts", null,
				new ParameterizedTypeReference<Map<String, Integer>>() {
				});
		assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("tea", 3, "coffee", 5));
	}

	@Test
	void resultIsReadAsPrimitives() {
		assertThat(this.client.call("add", List.of(2, 40), int.class)).isEqualTo(42);
		assertThat(this.client.call("add", List.of(2, 40), Long.class)).isEqualTo(42L);
		assertThat(this.client.call("isEven", List.of(4), boolean.class)).isTrue();
		assertThat(this.client.call("half", List.of(5), double.class)).isEqualTo(2.5);
		assertThat(this.client.call("echo", List.of("text"), String.class)).isEqualTo("text");
	}

	@Test
	void resultOfAVoidHandlerIsNull() {
		assertThat(this.client.call("nothing", null, Void.class)).isNull();
		assertThat(this.client.call("nothing", null, void.class)).isNull();
		assertThat(this.handlers.nothingCalls).hasSize(2);
	}

	@Test
	void nullResultIsNull() {
		assertThat(this.client.call("nullResult", null, String.class)).isNull();
		assertThat(this.client.call("nullResult", null, Item.class)).isNull();
	}

	@Test
	void resultIsReadAsAJsonNode() {
		JsonNode item = this.client.call("items.get", List.of("coffee"), JsonNode.class);
		assertThat(item.get("name").asString()).isEqualTo("coffee");
		assertThat(item.get("quantity").asInt()).isEqualTo(5);
	}

	@Test
	void resultOfTheWrongShapeFailsWithPipeClientExceptionNamingTheMethod() {
		assertThatExceptionOfType(PipeClientException.class)
			.isThrownBy(() -> this.client.call("items.get", List.of("tea"), Integer.class))
			.withMessageContaining("items.get")
			.isNotInstanceOf(PipeClosedException.class);
		assertThat(this.client.call("echo", List.of("still fine"), String.class)).isEqualTo("still fine");
	}

	// ---------------------------------------------------------------- params

	@Test
	void listParamsAreBoundByPosition() {
		assertThat(this.client.call("join", List.of("a", "b"), String.class)).isEqualTo("a+b");
	}

	@Test
	void arrayParamsAreBoundByPosition() {
		assertThat(this.client.call("join", new String[] { "x", "y" }, String.class)).isEqualTo("x+y");
	}

	@Test
	void mapParamsAreBoundByName() {
		assertThat(this.client.call("join", Map.of("second", "2", "first", "1"), String.class)).isEqualTo("1+2");
	}

	@Test
	void recordParamsAreBoundByName() {
		assertThat(this.client.call("join", new Names("left", "right"), String.class)).isEqualTo("left+right");
	}

	@Test
	void recordParamIsBoundAsTheWholeObjectOfASingleObjectParameter() {
		assertThat(this.client.call("items.describe", new Item("tea", 3), String.class)).isEqualTo("3 x tea");
	}

	@Test
	void singleScalarParamIsSentAsOnePositionalParam() {
		assertThat(this.client.call("square", 7, Integer.class)).isEqualTo(49);
		assertThat(this.client.call("echo", "alone", String.class)).isEqualTo("alone");
	}

	@Test
	void answerLargerThanTheClientsMaxMessageSizeFailsTheCallInsteadOfHanging() {
		PipeClient small = this.closeables
			.add(PipeClient.builder(this.server.socket().toString()).maxMessageSize(1024).build());
		CompletableFuture<String> call = small.callAsync("echo", List.of("x".repeat(10_000)), String.class);
		assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).as("the call fails rather than waiting forever")
			.isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(PipeClientException.class);
	}

	// ---------------------------------------------------------------- concurrency

	@Test
	void asyncCallsCompleteInTheOrderTheServerAnswersThem() throws InterruptedException {
		CompletableFuture<String> slow = this.client.callAsync("slow", null, String.class);
		assertThat(this.handlers.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<String> fast = this.client.callAsync("fast", null, String.class);
		assertThat(fast).succeedsWithin(WAIT).isEqualTo("fast");
		assertThat(slow).isNotDone();
		this.handlers.slowGate.countDown();
		assertThat(slow).succeedsWithin(WAIT).isEqualTo("slow");
	}

	@Test
	void syncCallsFromManyThreadsShareOneConnection() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				int value = i;
				results.add(executor.submit(() -> this.client.call("square", value, Integer.class)));
			}
			for (int i = 0; i < 64; i++) {
				assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i * i);
			}
			assertThat(this.handlers.sessionIds).hasSize(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void callFromAnInterruptedThreadLeavesTheSharedConnectionIntactForOtherCalls() throws InterruptedException {
		this.client.connect();
		CompletableFuture<String> other = this.client.callAsync("slow", null, String.class);
		assertThat(this.handlers.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<@Nullable Throwable> interruptedCall = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			Thread.currentThread().interrupt();
			try {
				this.client.call("echo", List.of("from an interrupted thread"), String.class);
				interruptedCall.complete(null);
			}
			catch (RuntimeException ex) {
				interruptedCall.complete(ex);
			}
		}, "interrupted-caller");
		caller.start();
		// Whatever becomes of the interrupted call, the other callers' connection must survive it.
		assertThat(interruptedCall).succeedsWithin(WAIT);
		assertThat(other).isNotDone();
		assertThat(this.client.isConnected()).isTrue();
		this.handlers.slowGate.countDown();
		assertThat(other).succeedsWithin(WAIT).isEqualTo("slow");
		assertThat(this.client.call("echo", List.of("after"), String.class)).isEqualTo("after");
	}

	// ---------------------------------------------------------------- notifications and batches

	@Test
	void notificationIsNotAnsweredSoTheNextCallGetsItsOwnAnswer() throws InterruptedException {
		this.client.notify("audit.record", List.of("first"));
		this.client.notify("explode", null);
		this.client.notify("no.such.method", List.of(1));
		assertThat(this.client.call("echo", List.of("after notifications"), String.class))
			.isEqualTo("after notifications");
		assertThat(this.handlers.events.poll(10, TimeUnit.SECONDS)).isEqualTo("first");
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void batchOfNotificationsOnlyIsSentWithoutWaitingForAnAnswer() throws InterruptedException {
		this.client.batch().notify("audit.record", List.of("one")).notify("audit.record", List.of("two")).send();
		assertThat(List.of(this.handlers.events.poll(10, TimeUnit.SECONDS), this.handlers.events.poll(10,
				TimeUnit.SECONDS)))
			.containsExactlyInAnyOrder("one", "two");
		assertThat(this.client.call("echo", List.of("next"), String.class)).isEqualTo("next");
	}

	// ---------------------------------------------------------------- errors

	@Test
	void serverErrorFailsTheFutureOfAnAsyncCall() {
		CompletableFuture<Item> item = this.client.callAsync("items.get", List.of("milk"), Item.class);
		assertThatThrownBy(() -> item.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(JsonRpcException.class, (ex) -> assertThat(ex.getCode()).isEqualTo(1001));
	}

	@Test
	void serverErrorWithoutDataHasNullData() {
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("refuse", null, String.class))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(1002);
				assertThat(ex.getMessage()).isEqualTo("Refused");
				assertThat(ex.getData()).isNull();
			});
	}

	@Test
	void unknownMethodFailsWithMethodNotFound() {
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("no.such.method", List.of(1), String.class))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.METHOD_NOT_FOUND).isEqualTo(-32601);
				assertThat(ex.getMessage()).isEqualTo("Method not found");
				assertThat(((JsonNode) ex.getData()).get("method").asString()).isEqualTo("no.such.method");
			});
	}

	@Test
	void paramsThatDoNotBindFailWithInvalidParams() {
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("square", "not a number", Integer.class))
			.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS));
	}

	@Test
	void handlerFailureSurfacesAsInternalErrorWithoutItsMessage() {
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("explode", null, String.class))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INTERNAL_ERROR);
				assertThat(ex.getMessage()).isEqualTo("Internal error").doesNotContain("secret");
			});
	}

	@Test
	void errorOfOneCallDoesNotDisturbTheConnection() {
		assertThatExceptionOfType(JsonRpcException.class)
			.isThrownBy(() -> this.client.call("no.such.method", null, String.class));
		assertThat(this.client.call("echo", List.of("ok"), String.class)).isEqualTo("ok");
		assertThat(this.client.isConnected()).isTrue();
	}

	// ---------------------------------------------------------------- connecting

	@Test
	void clientConnectsOnTheFirstCall() {
		assertThat(this.client.isConnected()).isFalse();
		assertThat(this.client.getAddress()).isEqualTo(this.server.socket().toAbsolutePath().toString());
		assertThat(this.client.call("echo", List.of("hi"), String.class)).isEqualTo("hi");
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void connectConnectsEagerly() {
		assertThat(this.client.connect()).isSameAs(this.client);
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void callOnAMissingPipeFailsWithPipeConnectException() {
		PipeClient lonely = this.closeables.add(PipeClient.builder(this.directory.resolve("missing.sock").toString())
			.connectTimeout(Duration.ofMillis(100))
			.build());
		assertThatExceptionOfType(PipeConnectException.class)
			.isThrownBy(() -> lonely.call("echo", List.of("anyone?"), String.class));
		CompletableFuture<String> async = lonely.callAsync("echo", List.of("anyone?"), String.class);
		assertThatThrownBy(() -> async.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.hasCauseInstanceOf(PipeConnectException.class);
	}

	@Test
	void clientConnectsToAServerThatStartsWithinTheConnectTimeout() throws Exception {
		Path later = this.directory.resolve("later.sock");
		PipeClient patient = this.closeables
			.add(PipeClient.builder(later.toString()).connectTimeout(Duration.ofSeconds(10)).build());
		CompletableFuture<String> answer = CompletableFuture
			.supplyAsync(() -> patient.call("echo", List.of("finally"), String.class));
		TestPipeServer laterServer = this.closeables.add(TestPipeServer.on(later).handlers(new Handlers()).build());
		laterServer.start();
		assertThat(answer).succeedsWithin(WAIT).isEqualTo("finally");
	}

	// ---------------------------------------------------------------- framings

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void everyStreamFramingCarriesCallsBatchesAndPushedNotifications(Framing framing) throws InterruptedException {
		Handlers framed = new Handlers();
		TestPipeServer framedServer = this.closeables
			.add(TestPipeServer.on(this.directory.resolve(framing.configName() + ".sock"))
				.framing(framing)
				.handlers(framed)
				.start());
		PipeClient framedClient = this.closeables
			.add(PipeClient.builder(framedServer.socket().toString()).framing(framing).build());
		BlockingQueue<JsonNode> pushed = new LinkedBlockingQueue<>();
		framedClient.onNotification("pushed", pushed::add);

		assertThat(framedClient.call("items.get", List.of("tea"), Item.class)).isEqualTo(new Item("tea", 3));
		String large = "line\\n".repeat(50_000);
		assertThat(framedClient.call("echo", List.of(large), String.class)).isEqualTo(large);
		PipeBatch batch = framedClient.batch();
		CompletableFuture<Integer> sum = batch.call("add", List.of(20, 22), Integer.class);
		CompletableFuture<String> joined = batch.call("join", List.of("p", "q"), String.class);
		batch.send();
		assertThat(sum).succeedsWithin(WAIT).isEqualTo(42);
		assertThat(joined).succeedsWithin(WAIT).isEqualTo("p+q");
		assertThat(framedClient.call("push", List.of("hello"), String.class)).isEqualTo("pushed");
		JsonNode notification = pushed.poll(10, TimeUnit.SECONDS);
		assertThat(notification).isNotNull();
		assertThat(notification.get("text").asString()).isEqualTo("hello");
	}

	/**
	 * A pipelined call and the value its answer must carry.
	 */
	record Call(String expected, CompletableFuture<String> result) {
	}

	/**
	 * An item, as a record: serialized by name.
	 */
	public record Item(String name, int quantity) {
	}

	/**
	 * Two names, as a record: its components become named params.
	 */
	public record Names(String first, String second) {
	}

	/**
	 * The contract's handlers, and more result and params shapes, errors, a slow and a fast method.
	 */
	static class Handlers extends PipeClientContractTests.Handlers {

		final List<Long> nothingCalls = new CopyOnWriteArrayList<>();

		final Set<Long> sessionIds = ConcurrentHashMap.newKeySet();

		final CountDownLatch slowStarted = new CountDownLatch(1);

		final CountDownLatch slowGate = new CountDownLatch(1);

		@PipeHandler("items.counts")
		Map<String, Integer> counts() {
			return Map.of("tea", 3, "coffee", 5);
		}

		@PipeHandler("items.describe")
		String describe(Item item) {
			return item.quantity() + " x " + item.name();
		}

		@PipeHandler("isEven")
		boolean isEven(int value) {
			return value % 2 == 0;
		}

		@PipeHandler("half")
		double half(int value) {
			return value / 2.0;
		}

		@PipeHandler("square")
		int square(int value, PipeSession session) {
			this.sessionIds.add(session.id());
			return value * value;
		}

		@PipeHandler("join")
		String join(String first, String second) {
			return first + "+" + second;
		}

		@PipeHandler("nothing")
		void nothing(PipeSession session) {
			this.nothingCalls.add(session.id());
		}

		@PipeHandler("nullResult")
		@Nullable String nullResult() {
			return null;
		}

		@PipeHandler("refuse")
		String refuse() {
			throw new JsonRpcException(1002, "Refused");
		}

		@PipeHandler("explode")
		String explode() {
			throw new IllegalStateException("secret internals");
		}

		@PipeHandler("slow")
		String slow() throws InterruptedException {
			this.slowStarted.countDown();
			this.slowGate.await(20, TimeUnit.SECONDS);
			return "slow";
		}

		@PipeHandler("fast")
		String fast() {
			return "fast";
		}

		@PipeHandler("push")
		String push(String text, PipeSession session) {
			session.notify("pushed", Map.of("text", text));
			return "pushed";
		}

	}

}
