package dev.pipeipc.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.MissingNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link NotificationListeners}: who hears a pushed notification, on which thread, in which order.
 */
class NotificationListenersTests {

	private final NotificationListeners listeners = new NotificationListeners("news");

	private final List<String> heard = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.listeners.close();
	}

	@Test
	void listenersOfTheMethodHearItInArrivalOrderOnOneThreadOfTheirOwn() {
		List<String> threads = new CopyOnWriteArrayList<>();
		this.listeners.add("progress", (params) -> {
			this.heard.add("progress " + params.asInt());
			threads.add(Thread.currentThread().getName());
		});
		this.listeners.add("other", (params) -> this.heard.add("other"));
		for (int i = 1; i <= 5; i++) {
			this.listeners.dispatch("progress", IntNode.valueOf(i));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.heard.size() == 5);
		assertThat(this.heard).containsExactly("progress 1", "progress 2", "progress 3", "progress 4", "progress 5");
		assertThat(threads).containsOnly("pipe-client-news-notifications");
	}

	@Test
	void anyMethodListenerHearsEveryMethodAfterTheMethodsOwnListeners() {
		this.listeners.add("progress", (params) -> this.heard.add("progress listener " + params.asInt()));
		PipeClient.Subscription subscription = this.listeners
			.addForAnyMethod((method, params) -> this.heard.add("any " + method));
		this.listeners.dispatch("progress", IntNode.valueOf(1));
		this.listeners.dispatch("unheard-of", MissingNode.getInstance());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.heard.size() == 3);
		assertThat(this.heard).containsExactly("progress listener 1", "any progress", "any unheard-of");
		subscription.cancel();
		this.listeners.dispatch("progress", IntNode.valueOf(2));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.heard.size() == 4);
		assertThat(this.heard).last().isEqualTo("progress listener 2");
	}

	@Test
	void failingListenerDoesNotStopTheOthers() {
		this.listeners.add("news", (params) -> {
			throw new IllegalStateException("listener bug");
		});
		this.listeners.add("news", (params) -> this.heard.add("kept"));
		this.listeners.dispatch("news", MissingNode.getInstance());
		this.listeners.dispatch("news", MissingNode.getInstance());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.heard.size() == 2);
	}

	@Test
	void cancelledSubscriptionHearsNothingMore() {
		BlockingQueue<String> marker = new LinkedBlockingQueue<>();
		PipeClient.Subscription subscription = this.listeners.add("news", (params) -> this.heard.add("cancelled"));
		this.listeners.add("news", (params) -> marker.add("kept"));
		subscription.cancel();
		this.listeners.dispatch("news", MissingNode.getInstance());
		await().atMost(Duration.ofSeconds(10)).until(() -> !marker.isEmpty());
		assertThat(this.heard).isEmpty();
	}

	@Test
	void notificationNobodyListensToIsDropped() {
		this.listeners.add("marker", (params) -> this.heard.add("marker"));
		this.listeners.dispatch("unheard", MissingNode.getInstance());
		this.listeners.dispatch("marker", MissingNode.getInstance());
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.heard.isEmpty());
		assertThat(this.heard).containsExactly("marker");
	}

	@Test
	void dispatchAfterCloseIsDroppedWithoutFailing() {
		this.listeners.add("news", (params) -> this.heard.add("late"));
		this.listeners.close();
		JsonNode params = MissingNode.getInstance();
		this.listeners.dispatch("news", params);
		assertThat(this.heard).isEmpty();
	}

}
