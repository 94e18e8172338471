package dev.pipeipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.ClientChannel;

/**
 * Hands out the client's live connection, opening one when there is none: on a thread of its own,
 * so a caller that does not want to wait ({@code callAsync}) is never held up by a connect, a
 * busy pipe or a reconnect backoff. Everyone who asks while an attempt runs waits for that same
 * attempt, and is served in the order they asked: requests queued while connecting go out in
 * order, before any request made after the connection is up.
 * <p>
 * After a connection is lost, a new one is opened only with reconnecting enabled, and then not
 * before the {@link ReconnectBackoff} allows.
 */
final class ConnectionSource {

	private final String pipeName;

	private final ConnectRetry connectRetry;

	private final @Nullable ReconnectBackoff backoff;

	private final Function<ClientChannel, Connection> connectionFactory;

	private final Object lock = new Object();

	private volatile @Nullable Connection current;

	private volatile @Nullable Connection serving;

	private List<Waiter> waiters = new ArrayList<>();

	private boolean connecting;

	private boolean connectedBefore;

	private @Nullable PipeClosedException closed;

	/**
	 * Create a source.
	 * @param pipeName the pipe, for error messages
	 * @param connectRetry opens channels
	 * @param backoff the reconnect backoff, or {@code null} if a lost connection stays lost
	 * @param connectionFactory makes a connection of an open channel (not yet started)
	 */
	ConnectionSource(String pipeName, ConnectRetry connectRetry, @Nullable ReconnectBackoff backoff,
			Function<ClientChannel, Connection> connectionFactory) {
		this.pipeName = pipeName;
		this.connectRetry = connectRetry;
		this.backoff = backoff;
		this.connectionFactory = connectionFactory;
	}

	/**
	 * The live connection, without waiting.
	 * @return the connection, or {@code null} if there is none open right now
	 */
	@Nullable Connection live() {
		Connection connection = this.current;
		return (connection != null && connection.isOpen()) ? connection : null;
	}

	/**
	 * Whether a connection is open: the published one, or a new one still serving those who waited
	 * for it.
	 * @return {@code true} if connected
	 */
	boolean isConnected() {
		Connection connecting = this.serving;
		return live() != null || (connecting != null && connecting.isOpen());
	}

	/**
	 * Run something with the live connection: now on this thread if there is one, else on the
	 * connecting thread once connected.
	 * @param onConnected receives the connection; what it throws goes to {@code onFailure}
	 * @param onFailure receives why there is no connection: the client is closed, reconnecting is
	 * off, or connecting failed
	 */
	void whenConnected(Consumer<Connection> onConnected, Consumer<RuntimeException> onFailure) {
		whenConnected(new Waiter(onConnected, onFailure));
	}

	private void whenConnected(Waiter waiter) {
		Connection connection = live();
		if (connection == null) {
			RuntimeException refused;
			synchronized (this.lock) {
				connection = live();
				refused = (connection == null) ? enqueue(waiter) : null;
			}
			if (refused != null) {
				waiter.fail(refused);
			}
			if (connection == null) {
				return;
			}
		}
		waiter.run(connection);
	}

	private @Nullable RuntimeException enqueue(Waiter waiter) {
		if (this.closed != null) {
			return new PipeClosedException("Client of pipe '" + this.pipeName + "' is closed");
		}
		if (this.connecting) {
			this.waiters.add(waiter);
			return null;
		}
		if (this.connectedBefore && this.backoff == null) {
			Connection last = this.current;
			RuntimeException refusal = (last != null) ? last.refusal() : null;
			if (refusal != null) {
				return refusal;
			}
			return new PipeClosedException(
					"Connection to pipe '" + this.pipeName + "' is closed and reconnecting is not enabled");
		}
		this.connecting = true;
		this.waiters.add(waiter);
		Thread connector = new Thread(this::connect, "pipe-client-" + this.pipeName + "-connector");
		connector.setDaemon(true);
		connector.start();
		return null;
	}

	private void connect() {
		Connection opened;
		try {
			awaitBackoff();
			opened = this.connectionFactory.apply(this.connectRetry.open());
		}
		catch (RuntimeException ex) {
			attemptFailed(ex);
			return;
		}
		opened.start();
		this.serving = opened;
		try {
			serve(opened);
		}
		finally {
			this.serving = null;
		}
	}

	private void attemptFailed(RuntimeException failure) {
		List<Waiter> waiting;
		synchronized (this.lock) {
			this.connecting = false;
			if (this.backoff != null && this.closed == null) {
				this.backoff.failed(System.nanoTime());
			}
			waiting = takeWaiters();
		}
		waiting.forEach((waiter) -> waiter.fail(failure));
	}

	/**
	 * Serve who waited, in order, then publish the connection: until it is published, those who ask
	 * join the queue, so nobody overtakes a request queued before theirs.
	 */
	private void serve(Connection opened) {
		while (true) {
			List<Waiter> served;
			PipeClosedException closedWith;
			boolean lost;
			synchronized (this.lock) {
				served = takeWaiters();
				closedWith = this.closed;
				lost = !opened.isOpen();
				if (closedWith != null) {
					this.connecting = false;
				}
				else if (lost || served.isEmpty()) {
					this.connecting = false;
					this.connectedBefore = true;
					if (this.backoff != null) {
						this.backoff.succeeded();
					}
					this.current = opened;
				}
			}
			if (closedWith != null) {
				opened.close(closedWith);
				served.forEach((waiter) -> waiter.fail(closedWith));
				return;
			}
			if (lost) {
				// Whoever still waits asks again: for a new connection, or to hear there will be none.
				served.forEach(this::whenConnected);
				return;
			}
			if (served.isEmpty()) {
				return;
			}
			served.forEach((waiter) -> waiter.run(opened));
		}
	}

	private List<Waiter> takeWaiters() {
		List<Waiter> taken = this.waiters;
		this.waiters = new ArrayList<>();
		return taken;
	}

	private void awaitBackoff() {
		long delay;
		synchronized (this.lock) {
			delay = (this.backoff != null) ? this.backoff.delayNanos(System.nanoTime()) : 0;
		}
		if (delay > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PipeConnectException("Interrupted while waiting to reconnect to pipe '" + this.pipeName + "'",
						ex);
			}
		}
	}

	/**
	 * Refuse connections from now on; whoever waits for one fails at once.
	 * @param failure what the waiting fail with
	 * @return the connection to close, if any: a new one still serving those who waited for it, or
	 * the published one
	 */
	@Nullable Connection close(PipeClosedException failure) {
		List<Waiter> waiting;
		Connection connection;
		synchronized (this.lock) {
			if (this.closed == null) {
				this.closed = failure;
			}
			waiting = takeWaiters();
			Connection newest = this.serving;
			connection = (newest != null) ? newest : this.current;
		}
		waiting.forEach((waiter) -> waiter.fail(failure));
		return connection;
	}

	/**
	 * Someone waiting for a connection.
	 */
	private record Waiter(Consumer<Connection> onConnected, Consumer<RuntimeException> onFailure) {

		void run(Connection connection) {
			try {
				this.onConnected.accept(connection);
			}
			catch (RuntimeException ex) {
				this.onFailure.accept(ex);
			}
		}

		void fail(RuntimeException failure) {
			this.onFailure.accept(failure);
		}

	}

}
