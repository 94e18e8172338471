package dev.pipeipc.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.jsonrpc.PipeProgress;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress listeners of {@link PipeClient} calls over a real Unix domain socket: a typed
 * {@link PipeProgress#listener} or a plain {@link Consumer} in the params (a list, an array, a map)
 * receives every value the handler reported, converted, before {@code call} returns; the named and
 * StreamJsonRpc's positional {@code $/progress} forms are both accepted; two calls in flight get
 * their own values; progress for a token nobody waits for goes to the plain notification listeners;
 * and the token the server sees is a number in the listener's place.
 */
class PipeClientProgressTests extends SocketClientTestSupport {

	private final Handlers handlers = new Handlers();

	private TestPipeServer server;

	private PipeClient client;

	@BeforeEach
	void setUp() {
		this.server = TestPipeServer.on(this.directory.resolve("progress.sock")).handlers(this.handlers).start();
		this.closeables.add(() -> this.server.server().close());
		this.client = client(clientOf(this.server));
	}

	@Test
	void typedListenerInPositionalParamsReceivesEveryValueBeforeTheCallReturns() {
		List<Step> steps = new CopyOnWriteArrayList<>();
		String result = this.client.call("import",
				List.of("orders.csv", PipeProgress.listener(Step.class, steps::add)), String.class);
		assertThat(result).isEqualTo("imported orders.csv");
		assertThat(steps).containsExactly(new Step(1, 3), new Step(2, 3), new Step(3, 3));
	}

	@Test
	void plainConsumerInNamedParamsReceivesValuesAsJacksonReadsThem() {
		List<Object> values = new CopyOnWriteArrayList<>();
		Consumer<Object> listener = values::add;
		this.client.call("import", Map.of("file", "a.csv", "progress", listener), String.class);
		assertThat(values).containsExactly(Map.of("done", 1, "of", 3), Map.of("done", 2, "of", 3),
				Map.of("done", 3, "of", 3));
	}

	@Test
	void listenerInAnArrayOfParamsWithAGenericType() {
		List<List<Integer>> values = new CopyOnWriteArrayList<>();
		PipeProgress<List<Integer>> listener = PipeProgress.listener(new TypeReference<List<Integer>>() {
		}, values::add);
		this.client.call("pairs", new Object[] { listener }, Void.class);
		assertThat(values).containsExactly(List.of(1, 2), List.of(3, 4));
	}

	@Test
	void positionalProgressAsStreamJsonRpcSendsItIsAccepted() {
		List<String> values = new CopyOnWriteArrayList<>();
		this.client.call("positional", List.of(PipeProgress.listener(String.class, values::add)), Void.class);
		assertThat(values).containsExactly("first", "second");
	}

	@Test
	void asyncCallsInFlightTogetherEachGetTheirOwnProgress() {
		List<Step> first = new CopyOnWriteArrayList<>();
		List<Step> second = new CopyOnWriteArrayList<>();
		CompletableFuture<String> one = this.client.callAsync("import",
				List.of("one.csv", PipeProgress.listener(Step.class, first::add)), String.class);
		CompletableFuture<String> two = this.client.callAsync("import",
				List.of("two.csv", PipeProgress.listener(Step.class, second::add)), String.class);
		assertThat(one.join()).isEqualTo("imported one.csv");
		assertThat(two.join()).isEqualTo("imported two.csv");
		assertThat(first).hasSize(3);
		assertThat(second).hasSize(3);
	}

	@Test
	void theServerSeesANumberTokenInTheListenersPlace() {
		JsonNode token = this.client.call("token", List.of(PipeProgress.listener(String.class, (value) -> {
		})), JsonNode.class);
		assertThat(token.isIntegralNumber()).as("token %s", token).isTrue();
	}

	@Test
	void progressForATokenNobodyWaitsForReachesPlainNotificationListeners() throws InterruptedException {
		BlockingQueue<JsonNode> unclaimed = new LinkedBlockingQueue<>();
		this.client.onNotification(JsonRpcMethods.PROGRESS, unclaimed::add);
		this.client.call("stray", null, Void.class);
		JsonNode params = unclaimed.poll(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		assertThat(params).as("the unclaimed progress arrived").isNotNull();
		assertThat(params.get("token").stringValue()).isEqualTo("someone else's");
	}

	record Step(int done, int of) {
	}

	static class Handlers {

		@PipeHandler("import")
		String importFile(String file, PipeProgress<Step> progress) {
			for (int i = 1; i <= 3; i++) {
				progress.report(new Step(i, 3));
			}
			return "imported " + file;
		}

		@PipeHandler("pairs")
		void pairs(PipeProgress<List<Integer>> progress) {
			progress.report(List.of(1, 2));
			progress.report(List.of(3, 4));
		}

		@PipeHandler("positional")
		void positional(JsonNode token, PipeSession session) {
			session.notify(JsonRpcMethods.PROGRESS, List.of(token, "first"));
			session.notify(JsonRpcMethods.PROGRESS, List.of(token, "second"));
		}

		@PipeHandler("token")
		JsonNode token(JsonNode token) {
			return token;
		}

		@PipeHandler("stray")
		void stray(PipeSession session) {
			session.notify(JsonRpcMethods.PROGRESS, Map.of("token", "someone else's", "value", 1));
		}

	}

}
