package dev.pipeipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications the server pushes to the {@link PipeClient}, over a real Unix domain socket: a
 * handler's {@link PipeSession#notify} calls made before it returns reach a typed listener
 * ({@code onNotification(method, Class, Consumer)}) in order, and a {@link JsonNode} listener; a
 * notification without params reaches the listener as a missing node; {@code server.broadcast}
 * reaches every one of three connected clients ({@code getSessions} lists them) and, after one
 * disconnects, only the others; a cancelled subscription receives nothing more while other
 * listeners still do; a failing listener does not stop the others; and a notification nobody
 * listens to is dropped without disturbing calls.
 */
class PipeClientPushTests extends SocketClientTestSupport {

	private final Handlers handlers = new Handlers();

	private TestPipeServer server;

	@BeforeEach
	void setUp() {
		this.server = startServer("push", this.handlers);
	}

	private PipeClient client() {
		return client(clientOf(this.server));
	}

	private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
		T value = queue.poll(10, TimeUnit.SECONDS);
		assertThat(value).as("a notification arrived").isNotNull();
		return value;
	}

	@Test
	void progressPushedByAHandlerBeforeItReturnsReachesATypedListenerInOrder() throws InterruptedException {
		PipeClient client = client();
		BlockingQueue<Progress> progress = new LinkedBlockingQueue<>();
		client.onNotification("progress", Progress.class, progress::add);
		assertThat(client.call("work", List.of(5), String.class)).isEqualTo("done");
		for (int step = 1; step <= 5; step++) {
			assertThat(next(progress)).isEqualTo(new Progress(step, 5));
		}
	}

	@Test
	void pushedNotificationReachesAJsonNodeListener() throws InterruptedException {
		PipeClient client = client();
		BlockingQueue<JsonNode> progress = new LinkedBlockingQueue<>();
		client.onNotification("progress", progress::add);
		client.call("work", List.of(1), String.class);
		JsonNode params = next(progress);
		assertThat(params.get("step").asInt()).isEqualTo(1);
		assertThat(params.get("of").asInt()).isEqualTo(1);
	}

	@Test
	void pushedNotificationWithoutParamsReachesTheListenerAsAMissingNode() throws InterruptedException {
		PipeClient client = client();
		BlockingQueue<JsonNode> pings = new LinkedBlockingQueue<>();
		client.onNotification("ping", pings::add);
		client.call("pingMe", null, Void.class);
		assertThat(next(pings).isMissingNode()).isTrue();
	}

	@Test
	void listenersRunOneAtATimeOffTheCallersThread() throws InterruptedException {
		PipeClient client = client();
		BlockingQueue<String> threads = new LinkedBlockingQueue<>();
		client.onNotification("progress", (params) -> threads.add(Thread.currentThread().getName()));
		client.call("work", List.of(3), String.class);
		List<String> names = List.of(next(threads), next(threads), next(threads));
		assertThat(names).doesNotContain(Thread.currentThread().getName());
		assertThat(names).containsOnly(names.get(0));
	}

	@Test
	void broadcastReachesEveryConnectedClient() throws InterruptedException {
		List<BlockingQueue<News>> received = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			PipeClient client = client();
			BlockingQueue<News> news = new LinkedBlockingQueue<>();
			client.onNotification("news", News.class, news::add);
			client.connect();
			received.add(news);
		}
		await().atMost(WAIT).until(() -> this.server.server().getSessions().size() == 3);
		assertThat(this.server.server().broadcast("news", Map.of("headline", "pipes are fun"))).isEqualTo(3);
		for (BlockingQueue<News> news : received) {
			assertThat(next(news)).isEqualTo(new News("pipes are fun"));
		}
	}

	@Test
	void broadcastSkipsAClientThatDisconnected() throws InterruptedException {
		PipeClient first = client();
		PipeClient second = client();
		BlockingQueue<News> news = new LinkedBlockingQueue<>();
		first.onNotification("news", News.class, news::add);
		first.connect();
		second.connect();
		await().atMost(WAIT).until(() -> this.server.server().getSessions().size() == 2);
		second.close();
		await().atMost(WAIT).until(() -> this.server.server().getSessions().size() == 1);
		assertThat(this.server.server().broadcast("news", Map.of("headline", "only one left"))).isEqualTo(1);
		assertThat(next(news)).isEqualTo(new News("only one left"));
	}

	@Test
	void cancelledSubscriptionReceivesNothingMoreWhileOtherListenersStillDo() throws InterruptedException {
		PipeClient client = client();
		List<String> cancelled = new CopyOnWriteArrayList<>();
		BlockingQueue<String> kept = new LinkedBlockingQueue<>();
		BlockingQueue<String> markers = new LinkedBlockingQueue<>();
		PipeClient.Subscription subscription = client.onNotification("news", News.class,
				(news) -> cancelled.add(news.headline()));
		client.onNotification("news", News.class, (news) -> kept.add(news.headline()));
		client.onNotification("marker", (params) -> markers.add(params.get("text").asString()));

		client.call("announce", List.of("one"), String.class);
		assertThat(next(kept)).isEqualTo("one");
		subscription.cancel();
		client.call("announce", List.of("two"), String.class);
		client.call("mark", List.of("flushed"), String.class);
		// Listeners run in arrival order on one thread: once the marker is seen, "two" was dispatched.
		assertThat(next(markers)).isEqualTo("flushed");
		assertThat(next(kept)).isEqualTo("two");
		assertThat(cancelled).containsExactly("one");
	}

	@Test
	void failingListenerDoesNotStopOtherListenersOrLaterNotifications() throws InterruptedException {
		PipeClient client = client();
		BlockingQueue<String> kept = new LinkedBlockingQueue<>();
		client.onNotification("news", (params) -> {
			throw new IllegalStateException("listener bug");
		});
		client.onNotification("news", News.class, (news) -> kept.add(news.headline()));
		client.call("announce", List.of("one"), String.class);
		client.call("announce", List.of("two"), String.class);
		assertThat(next(kept)).isEqualTo("one");
		assertThat(next(kept)).isEqualTo("two");
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void notificationNobodyListensToIsDroppedWithoutDisturbingCalls() throws InterruptedException {
		PipeClient client = client();
		assertThat(client.call("work", List.of(3), String.class)).isEqualTo("done");
		BlockingQueue<String> markers = new LinkedBlockingQueue<>();
		client.onNotification("marker", (params) -> markers.add(params.get("text").asString()));
		assertThat(client.call("mark", List.of("later"), String.class)).isEqualTo("marked");
		assertThat(next(markers)).isEqualTo("later");
	}

	@Test
	void pushesToOneSessionReachOnlyThatClient() throws InterruptedException {
		PipeClient pushed = client();
		PipeClient other = client();
		BlockingQueue<Progress> pushedProgress = new LinkedBlockingQueue<>();
		List<Progress> otherProgress = new CopyOnWriteArrayList<>();
		BlockingQueue<String> otherMarkers = new LinkedBlockingQueue<>();
		pushed.onNotification("progress", Progress.class, pushedProgress::add);
		other.onNotification("progress", Progress.class, otherProgress::add);
		other.onNotification("marker", (params) -> otherMarkers.add(params.get("text").asString()));
		other.connect();
		pushed.call("work", List.of(2), String.class);
		other.call("mark", List.of("other"), String.class);
		assertThat(next(pushedProgress)).isEqualTo(new Progress(1, 2));
		assertThat(next(pushedProgress)).isEqualTo(new Progress(2, 2));
		assertThat(next(otherMarkers)).isEqualTo("other");
		assertThat(otherProgress).isEmpty();
	}

	/**
	 * Progress of a piece of work.
	 */
	public record Progress(int step, int of) {
	}

	/**
	 * A broadcast headline.
	 */
	public record News(String headline) {
	}

	/**
	 * Handlers that push notifications to the calling session before they return.
	 */
	static class Handlers extends PipeClientContractTests.Handlers {

		@PipeHandler("pingMe")
		void pingMe(PipeSession session) {
			session.notify("ping", null);
		}

		@PipeHandler("announce")
		String announce(String headline, PipeSession session) {
			session.notify("news", Map.of("headline", headline));
			return "announced";
		}

		@PipeHandler("mark")
		String mark(String text, PipeSession session) {
			session.notify("marker", Map.of("text", text));
			return "marked";
		}

	}

}
