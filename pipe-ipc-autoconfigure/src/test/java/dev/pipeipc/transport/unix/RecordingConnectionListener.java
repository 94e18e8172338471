package dev.pipeipc.transport.unix;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeConnectionListener;

/**
 * A {@link PipeConnectionListener} that attaches the handler a function builds for each
 * connection and records every failure the transport reports, in order.
 */
final class RecordingConnectionListener implements PipeConnectionListener {

	private final Function<PipeConnection, PipeConnectionHandler> handlers;

	private final List<Failure> failures = new CopyOnWriteArrayList<>();

	RecordingConnectionListener(Function<PipeConnection, PipeConnectionHandler> handlers) {
		this.handlers = handlers;
	}

	/**
	 * A listener for tests that open no connection.
	 */
	static RecordingConnectionListener withoutConnections() {
		return new RecordingConnectionListener((connection) -> {
			throw new AssertionError("No connection expected, got " + connection);
		});
	}

	@Override
	public PipeConnectionHandler connected(PipeConnection connection) {
		return this.handlers.apply(connection);
	}

	@Override
	public void refused(PipeConnection connection) {
	}

	@Override
	public void failed(@Nullable PipeConnection connection, Throwable failure) {
		this.failures.add(new Failure(connection, failure));
	}

	List<Failure> failures() {
		return this.failures;
	}

	/**
	 * One reported failure.
	 * @param connection the connection closed because of it, or {@code null}
	 * @param failure what was thrown
	 */
	record Failure(@Nullable PipeConnection connection, Throwable failure) {

	}

}
