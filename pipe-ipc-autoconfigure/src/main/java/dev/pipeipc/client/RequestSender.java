package dev.pipeipc.client;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Gets framed requests onto the live connection: written at once when there is one, else by the
 * connecting thread once connected. Calls never make their caller wait; notifications and batches
 * wait until written, so a failure to send reaches their caller as an exception.
 */
final class RequestSender {

	private final ConnectionSource connections;

	RequestSender(ConnectionSource connections) {
		this.connections = connections;
	}

	/**
	 * Send a call without waiting; a failure to send fails the call.
	 * @param call the call
	 * @param frame its framed request
	 */
	void send(PendingCall<?> call, ByteBuffer[] frame) {
		Connection live = this.connections.live();
		if (live == null) {
			this.connections.whenConnected((connection) -> connection.send(call, frame), call::fail);
			return;
		}
		try {
			live.send(call, frame);
		}
		catch (RuntimeException ex) {
			call.fail(ex);
		}
	}

	/**
	 * Send a call and wait for its answer: read on this thread when the connection allows (see
	 * {@link Connection#call}).
	 * @param <T> the result type
	 * @param call the call
	 * @param frame its framed request
	 * @return the result
	 */
	<T> @Nullable T call(PendingCall<T> call, ByteBuffer[] frame) {
		Connection live = this.connections.live();
		if (live == null) {
			send(call, frame);
			return Blocking.await(call.future());
		}
		return live.call(call, frame);
	}

	/**
	 * Send a frame no answer is expected to, waiting until it is written.
	 * @param frame the frame
	 * @throws PipeClientException if it cannot be sent
	 */
	void write(ByteBuffer[] frame) {
		Connection live = this.connections.live();
		if (live != null) {
			live.write(frame);
			return;
		}
		CompletableFuture<Void> written = new CompletableFuture<>();
		this.connections.whenConnected((connection) -> {
			connection.write(frame);
			written.complete(null);
		}, written::completeExceptionally);
		Blocking.await(written);
	}

	/**
	 * Send calls in one frame, waiting until it is written.
	 * @param calls the calls
	 * @param frame the framed batch
	 * @throws PipeClientException if it cannot be sent
	 */
	void send(List<PendingCall<?>> calls, ByteBuffer[] frame) {
		CompletableFuture<Void> written = new CompletableFuture<>();
		this.connections.whenConnected((connection) -> {
			connection.send(calls, frame);
			written.complete(null);
		}, written::completeExceptionally);
		Blocking.await(written);
	}

	/**
	 * Wait until connected.
	 * @throws PipeClientException if no connection can be had
	 */
	void connect() {
		if (this.connections.live() == null) {
			CompletableFuture<Connection> connected = new CompletableFuture<>();
			this.connections.whenConnected(connected::complete, connected::completeExceptionally);
			Blocking.await(connected);
		}
	}

}
