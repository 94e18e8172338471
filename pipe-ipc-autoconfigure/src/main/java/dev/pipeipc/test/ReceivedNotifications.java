package dev.pipeipc.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * The notifications received on one connection, in arrival order, with a way to wait for those
 * still on their way: a server's notification and the answer to a call travel separately, so a
 * test that has its answer may not have the notification yet.
 */
final class ReceivedNotifications {

	private final List<PipeNotification> received = new ArrayList<>();

	synchronized void add(String method, JsonNode params) {
		this.received.add(new PipeNotification(method, params));
		notifyAll();
	}

	synchronized List<PipeNotification> snapshot() {
		return List.copyOf(this.received);
	}

	/**
	 * Wait until at least {@code count} received notifications match, or the timeout passes.
	 * @return the notifications received by then
	 */
	synchronized List<PipeNotification> awaitMatching(Predicate<PipeNotification> matching, int count,
			Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (this.received.stream().filter(matching).count() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				wait(Math.max(1, left / 1_000_000));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return List.copyOf(this.received);
	}

}
