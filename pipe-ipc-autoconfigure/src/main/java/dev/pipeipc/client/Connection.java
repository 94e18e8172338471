package dev.pipeipc.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.FrameDecoder;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.transport.ClientChannel;

/**
 * One open connection: its channel, its reader thread and the calls waiting on it. Calls are
 * registered here before they are written, so an answer that comes back at once finds its call;
 * when the connection ends, exactly its own calls fail.
 * <p>
 * The client closing it follows a protocol: its calls fail first, then a {@code $/cancelRequest}
 * goes out for each (on a Unix socket a closing client looks like one that only half-closed, whose
 * requests the server would keep serving), then the channel closes. Failing first means a caller
 * learns of the close before the answer to a cancel could complete its call.
 */
final class Connection {

	private final String pipeName;

	private final ClientChannel channel;

	private final RequestEncoder encoder;

	private final PendingCalls calls = new PendingCalls();

	private final AtomicBoolean ending = new AtomicBoolean();

	private final Thread reader;

	private final @Nullable ReadTurn turn;

	private volatile boolean open = true;

	Connection(String pipeName, ClientChannel channel, FrameDecoder decoder, RequestEncoder encoder,
			ResponseRouter router) {
		this.pipeName = pipeName;
		this.channel = channel;
		this.encoder = encoder;
		ChannelReader channelReader = new ChannelReader(channel, decoder,
				(message) -> router.route(message, this.calls), this::lost);
		this.turn = channel.canHandOverReading()
				? new ReadTurn(channel, channelReader, () -> this.calls.size() > 0) : null;
		ReadTurn readTurn = this.turn;
		this.reader = new Thread((readTurn != null) ? readTurn::runReader : channelReader,
				"pipe-client-" + pipeName + "-reader");
		this.reader.setDaemon(true);
	}

	/**
	 * Start reading.
	 */
	void start() {
		this.reader.start();
	}

	boolean isOpen() {
		return this.open;
	}

	PendingCalls calls() {
		return this.calls;
	}

	/**
	 * Register a call here and write it.
	 * @param call the call
	 * @param frame its framed request
	 * @throws PipeClosedException if the connection broke while writing (the call fails too)
	 */
	void send(PendingCall<?> call, ByteBuffer[] frame) {
		call.sentOn(this);
		if (this.calls.add(call)) {
			write(frame);
			sentUnawaited();
		}
	}

	private void sentUnawaited() {
		ReadTurn readTurn = this.turn;
		if (readTurn != null) {
			readTurn.sentUnawaited();
		}
	}

	/**
	 * Register a call here, write it, and wait for its answer, reading it on this thread when no
	 * other thread reads (see {@link ReadTurn}); on a channel that cannot hand reading over, the
	 * reader thread reads it.
	 * @param <T> the result type
	 * @param call the call
	 * @param frame its framed request
	 * @return the result
	 * @throws PipeClientException if the call failed, or the thread was interrupted (the call is
	 * cancelled)
	 */
	<T> @Nullable T call(PendingCall<T> call, ByteBuffer[] frame) {
		ReadTurn readTurn = this.turn;
		if (readTurn == null) {
			sendQuietly(call, frame);
			return Blocking.await(call.future());
		}
		boolean interrupted;
		readTurn.enter();
		try {
			sendQuietly(call, frame);
			interrupted = readTurn.await(call);
		}
		finally {
			readTurn.leave();
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
			throw new PipeClientException("Interrupted while waiting for an answer from pipe '" + this.pipeName + "'",
					new InterruptedException());
		}
		return Blocking.await(call.future());
	}

	private void sendQuietly(PendingCall<?> call, ByteBuffer[] frame) {
		try {
			call.sentOn(this);
			if (this.calls.add(call)) {
				write(frame);
			}
		}
		catch (RuntimeException ex) {
			call.fail(ex);
		}
	}

	/**
	 * Wake the thread waiting for a call that another thread completed.
	 * @param waiter the waiting thread
	 */
	void wake(Thread waiter) {
		ReadTurn readTurn = this.turn;
		if (readTurn != null) {
			readTurn.wake(waiter);
		}
	}

	/**
	 * Register calls here and write them in one frame (a batch).
	 * @param batchCalls the calls
	 * @param frame the framed batch
	 * @throws PipeClosedException if the connection is closed, or broke while writing
	 */
	void send(List<PendingCall<?>> batchCalls, ByteBuffer[] frame) {
		for (PendingCall<?> call : batchCalls) {
			call.sentOn(this);
			this.calls.add(call);
		}
		write(frame);
		sentUnawaited();
	}

	/**
	 * Write a frame no answer is expected to.
	 * @param frame the frame
	 * @throws PipeClosedException if the connection is closed, or broke while writing
	 */
	void write(ByteBuffer[] frame) {
		if (!this.open) {
			RuntimeException refusal = refusal();
			throw (refusal != null) ? refusal
					: new PipeClosedException("Connection to pipe '" + this.pipeName + "' is closed");
		}
		try {
			this.channel.write(frame);
		}
		catch (IOException ex) {
			lost(ex);
			throw new PipeClosedException("Connection to pipe '" + this.pipeName + "' broke while sending", ex);
		}
	}

	/**
	 * Stop waiting for a call that was completed from outside (cancelled, timed out).
	 * @param call the call
	 * @return {@code true} if it was still waiting here, so the server may still be working on it
	 */
	boolean forget(PendingCall<?> call) {
		return this.calls.remove(call);
	}

	/**
	 * Ask the server to stop working on a call, if the connection still stands.
	 * @param id the call's id
	 */
	void sendCancel(long id) {
		if (!this.open) {
			return;
		}
		try {
			write(this.encoder.cancel(id));
		}
		catch (PipeClientException ex) {
			// The connection is gone, and with it the request.
		}
	}

	/**
	 * Close at the client's request: fail the calls, cancel them on the server, close the channel.
	 * @param failure what the calls fail with
	 */
	void close(PipeClosedException failure) {
		if (!this.ending.compareAndSet(false, true)) {
			return;
		}
		this.open = false;
		List<Long> inFlight = this.calls.close(failure);
		endTurn();
		for (Long id : inFlight) {
			try {
				this.channel.write(this.encoder.cancel(id));
			}
			catch (IOException | PipeClientException ex) {
				break;
			}
		}
		this.channel.close();
	}

	/**
	 * The error the server turned this connection away with ({@code -32000} with no id, at its
	 * connection limit or while shutting down), which later calls on it fail with too.
	 * @return the refusal, or {@code null} if the server sent none
	 */
	@Nullable RuntimeException refusal() {
		RuntimeException closedWith = this.calls.closedWith();
		return (closedWith instanceof JsonRpcException) ? closedWith : null;
	}

	/**
	 * The server closed the connection, or it broke: fail the calls and close the channel.
	 * @param cause the failure, or {@code null} when the server closed it
	 */
	void lost(@Nullable Throwable cause) {
		if (!this.ending.compareAndSet(false, true)) {
			return;
		}
		this.open = false;
		String message = "Connection to pipe '" + this.pipeName + "' "
				+ ((cause != null) ? "broke: " + cause.getMessage() : "was closed by the server");
		this.calls.close((cause != null) ? new PipeClosedException(message, cause) : new PipeClosedException(message));
		endTurn();
		this.channel.close();
	}

	private void endTurn() {
		ReadTurn readTurn = this.turn;
		if (readTurn != null) {
			readTurn.end();
		}
	}

}
