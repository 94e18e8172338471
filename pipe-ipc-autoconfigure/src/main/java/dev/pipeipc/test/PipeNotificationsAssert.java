package dev.pipeipc.test;

import java.time.Duration;
import java.util.List;

import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import tools.jackson.databind.ObjectMapper;

/**
 * Assertions on the notifications a server pushed to a tester's connection. Those that expect a
 * notification wait for it up to the tester's timeout, since it may still be on its way when the
 * answer to a call has arrived; the others look at what has arrived so far.
 */
public class PipeNotificationsAssert extends AbstractObjectAssert<PipeNotificationsAssert, List<PipeNotification>> {

	private final ReceivedNotifications received;

	private final ObjectMapper mapper;

	private final Duration timeout;

	PipeNotificationsAssert(ReceivedNotifications received, ObjectMapper mapper, Duration timeout) {
		super(received.snapshot(), PipeNotificationsAssert.class);
		this.received = received;
		this.mapper = mapper;
		this.timeout = timeout;
	}

	/**
	 * Wait for a notification of the given method and verify it came.
	 * @param method the notification's method
	 * @return assertions on the first such notification
	 */
	public PipeNotificationAssert received(String method) {
		return received(method, 1).get(0);
	}

	/**
	 * Wait for {@code count} notifications of the given method and verify that exactly that many
	 * came.
	 * @param method the notification's method
	 * @param count how many are expected
	 * @return assertions on each of them, in arrival order
	 */
	public List<PipeNotificationAssert> received(String method, int count) {
		List<PipeNotification> all = this.received.awaitMatching((notification) -> notification.method().equals(method),
				count, this.timeout);
		List<PipeNotification> matching = all.stream().filter((notification) -> notification.method().equals(method)).toList();
		if (matching.size() != count) {
			failWithMessage("Expected %d notification(s) '%s' within %s but received %d; all received: %s", count,
					method, this.timeout, matching.size(), all);
		}
		return matching.stream().map((notification) -> new PipeNotificationAssert(notification, this.mapper)).toList();
	}

	/**
	 * Verify that no notification of the given method has arrived so far.
	 * @param method the notification's method
	 * @return {@code this}
	 */
	public PipeNotificationsAssert noneReceived(String method) {
		List<PipeNotification> matching = this.received.snapshot()
			.stream()
			.filter((notification) -> notification.method().equals(method))
			.toList();
		if (!matching.isEmpty()) {
			failWithMessage("Expected no notification '%s' but received %s", method, matching);
		}
		return this;
	}

	/**
	 * The methods of the notifications received so far, in arrival order.
	 * @return assertions on the methods
	 */
	public ListAssert<String> methods() {
		return Assertions.assertThat(this.received.snapshot().stream().map(PipeNotification::method).toList());
	}

}
