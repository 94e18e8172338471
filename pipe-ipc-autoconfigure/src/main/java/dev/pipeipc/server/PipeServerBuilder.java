package dev.pipeipc.server;

import java.time.Duration;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.PipeTransport;

/**
 * Describes a {@link PipeServer}: where it listens, on which transport, with which protocol, and
 * its limits. Created by {@link PipeServer#builder}; {@link #build()} checks every setting and
 * names the pipe and the bad value in its message, so a mistake is reported before anything binds.
 */
public final class PipeServerBuilder {

	/** Default time {@link PipeServer#stop()} lets requests in progress finish. */
	public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(30);

	/** The largest message size a Java array can hold with room for framing. */
	public static final int MAX_MESSAGE_SIZE_LIMIT = Integer.MAX_VALUE - 8;

	private final String name;

	private final String address;

	private @Nullable PipeTransport transport;

	private @Nullable PipeProtocol protocol;

	private Framing framing = Framing.CONTENT_LENGTH;

	private int maxMessageSize = PipeServerSettings.DEFAULT_MAX_MESSAGE_SIZE;

	private int maxConnections = -1;

	private @Nullable Duration idleTimeout;

	private int maxThreads = PipeServerSettings.DEFAULT_MAX_THREADS;

	private boolean virtualThreads;

	private int maxPendingRequests = PipeServerSettings.DEFAULT_MAX_PENDING_REQUESTS;

	private Duration shutdownGracePeriod = DEFAULT_SHUTDOWN_GRACE_PERIOD;

	private @Nullable Consumer<Throwable> onFailure;

	private long memoryBudget = -1;

	private PipeRequestObserver requestObserver = PipeRequestObserver.NONE;

	private Duration workerKeepAlive = ElasticThreadPool.DEFAULT_KEEP_ALIVE;

	PipeServerBuilder(String name, String address) {
		this.name = name;
		this.address = address;
	}

	/**
	 * The platform transport that binds the pipe. Required.
	 * @param transport the transport
	 * @return this builder
	 */
	public PipeServerBuilder transport(PipeTransport transport) {
		this.transport = transport;
		return this;
	}

	/**
	 * What the messages mean. Required.
	 * @param protocol the protocol
	 * @return this builder
	 */
	public PipeServerBuilder protocol(PipeProtocol protocol) {
		this.protocol = protocol;
		return this;
	}

	/**
	 * How messages are delimited; {@link Framing#CONTENT_LENGTH} by default.
	 * @param framing the framing
	 * @return this builder
	 */
	public PipeServerBuilder framing(Framing framing) {
		this.framing = framing;
		return this;
	}

	/**
	 * The largest message accepted, in bytes.
	 * @param maxMessageSize between 1 and {@link #MAX_MESSAGE_SIZE_LIMIT}
	 * @return this builder
	 */
	public PipeServerBuilder maxMessageSize(int maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
		return this;
	}

	/**
	 * The most connections served at once.
	 * @param maxConnections at least 1, or {@code -1} for no limit (the default)
	 * @return this builder
	 */
	public PipeServerBuilder maxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
		return this;
	}

	/**
	 * How long a connection may stay quiet before it is closed.
	 * @param idleTimeout a positive duration, or {@code null} to keep quiet connections open (the
	 * default)
	 * @return this builder
	 */
	public PipeServerBuilder idleTimeout(@Nullable Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
		return this;
	}

	/**
	 * The most worker threads running handlers at once, when not on virtual threads.
	 * @param maxThreads at least 1
	 * @return this builder
	 */
	public PipeServerBuilder maxThreads(int maxThreads) {
		this.maxThreads = maxThreads;
		return this;
	}

	/**
	 * Whether handlers run on virtual threads instead of a pool of platform threads.
	 * @param virtualThreads {@code true} for a virtual thread per request
	 * @return this builder
	 */
	public PipeServerBuilder virtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
		return this;
	}

	/**
	 * How many requests of one connection may be in progress before the server stops reading more
	 * from it.
	 * @param maxPendingRequests at least 1
	 * @return this builder
	 */
	public PipeServerBuilder maxPendingRequests(int maxPendingRequests) {
		this.maxPendingRequests = maxPendingRequests;
		return this;
	}

	/**
	 * How long {@link PipeServer#stop()} lets requests in progress finish before it closes their
	 * connections.
	 * @param shutdownGracePeriod zero or more
	 * @return this builder
	 */
	public PipeServerBuilder shutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
		return this;
	}

	/**
	 * What to do, beyond logging an error and {@linkplain PipeServer#isFailed() marking the server
	 * failed}, when the server first catches an unrecoverable error (an {@link OutOfMemoryError},
	 * say): such as ending the process so that a supervisor restarts it. Runs once, on a thread of
	 * its own, so it may block (closing an application context, exiting).
	 * @param onFailure the action, given the error, or {@code null} for none (the default: the
	 * server keeps serving what it can)
	 * @return this builder
	 */
	public PipeServerBuilder onFailure(@Nullable Consumer<Throwable> onFailure) {
		this.onFailure = onFailure;
		return this;
	}

	/**
	 * What the partly received messages of all connections may hold together (their buffers as
	 * they grow, under {@code content-length} and {@code length-prefix} framing); past it, reading
	 * pauses on the connections that want more until completed messages free memory, instead of
	 * allocating. Defaults to a quarter of the JVM's maximum heap.
	 * @param memoryBudget the budget in bytes, at least 1
	 * @return this builder
	 */
	public PipeServerBuilder memoryBudget(long memoryBudget) {
		this.memoryBudget = memoryBudget;
		return this;
	}

	/**
	 * What is told about each request, to time, count or trace it; {@link PipeRequestObserver#NONE}
	 * by default.
	 * @param requestObserver the observer
	 * @return this builder
	 */
	public PipeServerBuilder requestObserver(PipeRequestObserver requestObserver) {
		this.requestObserver = requestObserver;
		return this;
	}

	/**
	 * How long an idle worker thread waits for work before it ends; 60 seconds by default. Not a
	 * public setting: tests that check that workers end shorten it.
	 * @param workerKeepAlive positive
	 * @return this builder
	 */
	PipeServerBuilder workerKeepAlive(Duration workerKeepAlive) {
		this.workerKeepAlive = workerKeepAlive;
		return this;
	}

	/**
	 * Check the settings and create the server, not yet started.
	 * @return the server
	 * @throws IllegalArgumentException naming the pipe and the bad value, if a setting is invalid
	 * @throws IllegalStateException if the transport or the protocol is missing
	 */
	public PipeServer build() {
		if (this.name.isBlank()) {
			throw new IllegalArgumentException("A pipe server needs a name, but was given '" + this.name + "'.");
		}
		if (this.address.isBlank()) {
			throw invalid("address", "'" + this.address + "'", "a socket path or a pipe name");
		}
		if (this.maxMessageSize < 1 || this.maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
			throw invalid("max message size", this.maxMessageSize + " bytes",
					"between 1 and " + MAX_MESSAGE_SIZE_LIMIT + " bytes");
		}
		if (this.maxConnections < 1 && this.maxConnections != -1) {
			throw invalid("max connections", String.valueOf(this.maxConnections), "at least 1, or -1 for no limit");
		}
		if (this.idleTimeout != null && (this.idleTimeout.isNegative() || this.idleTimeout.isZero())) {
			throw invalid("idle timeout", String.valueOf(this.idleTimeout), "positive, or null for none");
		}
		if (this.maxThreads < 1) {
			throw invalid("max threads", String.valueOf(this.maxThreads), "at least 1");
		}
		if (this.maxPendingRequests < 1) {
			throw invalid("max pending requests", String.valueOf(this.maxPendingRequests), "at least 1");
		}
		if (this.virtualThreads && !WorkerThreads.virtualThreadsAvailable()) {
			throw invalid("virtual threads", "true", "false on Java " + Runtime.version().feature()
					+ " (virtual threads need Java 21 or later)");
		}
		if (this.workerKeepAlive.isNegative() || this.workerKeepAlive.isZero()) {
			throw invalid("worker keep-alive", String.valueOf(this.workerKeepAlive), "positive");
		}
		if (this.shutdownGracePeriod.isNegative()) {
			throw invalid("shutdown grace period", String.valueOf(this.shutdownGracePeriod), "zero or more");
		}
		if (this.memoryBudget == 0 || this.memoryBudget < -1) {
			throw invalid("memory budget", this.memoryBudget + " bytes", "at least 1 byte");
		}
		PipeTransport transport = required(this.transport, "transport");
		PipeProtocol protocol = required(this.protocol, "protocol");
		PipeServerSettings settings = new PipeServerSettings(this.name, this.address, this.framing,
				this.maxMessageSize, this.maxConnections, this.idleTimeout, this.maxThreads, this.virtualThreads,
				this.maxPendingRequests);
		return new PipeServer(settings, this.shutdownGracePeriod, transport, protocol, this.requestObserver,
				this.onFailure, (this.memoryBudget > 0) ? this.memoryBudget : MemoryBudget.defaultLimit(),
				this.workerKeepAlive);
	}

	private IllegalArgumentException invalid(String setting, String value, String allowed) {
		return new IllegalArgumentException(
				"Pipe server '" + this.name + "' cannot use " + value + " as its " + setting + "; it must be " + allowed + ".");
	}

	private <T> T required(@Nullable T value, String what) {
		if (value == null) {
			throw new IllegalStateException("Pipe server '" + this.name + "' needs a " + what + "; set one on its builder.");
		}
		return value;
	}

}
