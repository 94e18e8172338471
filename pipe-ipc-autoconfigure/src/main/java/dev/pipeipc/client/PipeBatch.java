package dev.pipeipc.client;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;

/**
 * Calls and notifications sent together as one JSON-RPC batch, from {@link PipeClient#batch()}:
 * <pre class="code">
 * PipeBatch batch = client.batch();
 * CompletableFuture&lt;Integer&gt; sum = batch.call("add", List.of(1, 2), Integer.class);
 * batch.notify("audit.record", List.of("added"));
 * batch.send();
 * </pre>
 * The server answers the calls in one array, in any order; each future completes with its own
 * answer. A batch of notifications only is not answered at all.
 */
public final class PipeBatch {

	private final PipeClient client;

	private final RequestEncoder encoder;

	private final RequestSender sender;

	private final ArrayNode requests;

	private final List<PendingCall<?>> calls = new ArrayList<>();

	private final List<ObservedCall> notifications = new ArrayList<>();

	PipeBatch(PipeClient client, RequestEncoder encoder, RequestSender sender) {
		this.client = client;
		this.encoder = encoder;
		this.sender = sender;
		this.requests = encoder.newBatch();
	}

	/**
	 * Add a call.
	 * @param <T> the result type
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @param resultType the result type
	 * @return the result, once the batch is sent and answered
	 */
	public <T> CompletableFuture<T> call(String method, @Nullable Object params, Class<T> resultType) {
		PendingCall<T> call = this.client.newCall(method, resultType);
		this.calls.add(call);
		ObservedCall observed = this.client.observe(method, call);
		this.requests.add(this.encoder.request(call.id(), method, params, observed.requestMembers()));
		return call.future();
	}

	/**
	 * Add a notification.
	 * @param method the method name
	 * @param params the params, or {@code null} for none
	 * @return this batch
	 */
	public PipeBatch notify(String method, @Nullable Object params) {
		ObservedCall observed = this.client.observeNotification(method);
		if (observed != ObservedCall.NONE) {
			this.notifications.add(observed);
		}
		this.requests.add(this.encoder.request(null, method, params, observed.requestMembers()));
		return this;
	}

	/**
	 * Send the batch, waiting until it is written.
	 * @throws PipeClientException if it cannot be sent; its calls fail with the same exception
	 */
	public void send() {
		if (this.requests.isEmpty()) {
			return;
		}
		try {
			ByteBuffer[] frame = this.encoder.batch(this.requests);
			this.sender.send(this.calls, frame);
		}
		catch (RuntimeException ex) {
			this.calls.forEach((call) -> call.fail(ex));
			this.notifications.forEach((observed) -> observed.finish(ObservedCall.NO_RESPONSE, ex));
			throw ex;
		}
		this.notifications.forEach((observed) -> observed.finish(ObservedCall.NO_RESPONSE, null));
	}

}
