package dev.pipeipc.client;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * Gets framed requests onto the live connection: written at once when there is one, else by the
 * connecting thread once connected. Asynchronous calls never make their caller wait; a blocking
 * call waits for the connection on its own thread and then sends and reads there; notifications
 * and batches wait until written, so a failure to send reaches their caller as an exception.
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
			live = awaitConnection(call);
			if (live == null) {
				return Blocking.await(call.future());
			}
		}
		return live.call(call, frame);
	}

	/**
	 * Wait for a connection on the calling thread, so the call is sent and its answer read here too:
	 * the connecting thread hands the connection to those who waited before it publishes it, so a
	 * thread that has just connected may still find no live connection.
	 * @return the connection, or {@code null} if the call ended first (it timed out or was
	 * cancelled) or no connection can be had (the call has failed with the reason)
	 */
	private @Nullable Connection awaitConnection(PendingCall<?> call) {
		CompletableFuture<Connection> connected = new CompletableFuture<>();
		this.connections.whenConnected(connected::complete, (failure) -> {
			connected.completeExceptionally(failure);
			call.fail(failure);
		});
		try {
			CompletableFuture.anyOf(connected, call.future()).get();
		}
		catch (InterruptedException ex) {
			call.future().cancel(true);
			Thread.currentThread().interrupt();
			throw new PipeClientException("Interrupted while waiting for a connection", ex);
		}
		catch (ExecutionException ex) {
			return null;
		}
		return (connected.isDone() && !connected.isCompletedExceptionally()) ? connected.join() : null;
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
