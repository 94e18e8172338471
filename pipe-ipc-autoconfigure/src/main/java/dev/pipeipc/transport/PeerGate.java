package dev.pipeipc.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Where a listener asks its {@link PipePeerAuthorizer} about each new connection, and logs those it
 * turns away: every refusal at DEBUG, and at most one WARN per {@value #WARN_INTERVAL_SECONDS}
 * seconds per pipe, counting the refusals it did not log, so that a client connecting in a loop
 * cannot flood the log. A peer the platform could not identify is refused unless every peer is
 * allowed; an authorizer that throws refuses.
 */
public final class PeerGate {

	private static final Log logger = LogFactory.getLog(PeerGate.class);

	static final long WARN_INTERVAL_SECONDS = 10;

	private final String serverName;

	private final PipePeerAuthorizer authorizer;

	private final AtomicLong nextWarnNanos = new AtomicLong(System.nanoTime());

	private final AtomicLong unlogged = new AtomicLong();

	/**
	 * Create a gate for one pipe.
	 * @param serverName the pipe's name, for the log
	 * @param authorizer who may connect
	 */
	public PeerGate(String serverName, PipePeerAuthorizer authorizer) {
		this.serverName = serverName;
		this.authorizer = authorizer;
	}

	/**
	 * Whether every peer is admitted, so the listener need not identify it first.
	 * @return {@code true} for {@link PipePeerAuthorizer#ALLOW_ALL}
	 */
	public boolean admitsEveryone() {
		return this.authorizer == PipePeerAuthorizer.ALLOW_ALL;
	}

	/**
	 * Decide about a new connection; log a refusal.
	 * @param peer the peer, or {@code null} if the platform could not say
	 * @return whether to serve it
	 */
	public boolean admits(@Nullable PipePeer peer) {
		if (admitsEveryone()) {
			return true;
		}
		String reason;
		if (peer == null) {
			reason = "the operating system did not identify it";
		}
		else {
			try {
				if (this.authorizer.isAllowed(peer)) {
					return true;
				}
				reason = "it is not allowed";
			}
			catch (RuntimeException ex) {
				reason = "the authorizer failed (" + ex + ")";
			}
		}
		logRefusal(peer, reason);
		return false;
	}

	private void logRefusal(@Nullable PipePeer peer, String reason) {
		String message = "Pipe '" + this.serverName + "' refused a connection from "
				+ ((peer != null) ? peer.describe() : "an unknown process") + " before reading from it: " + reason;
		long now = System.nanoTime();
		long next = this.nextWarnNanos.get();
		if (now - next >= 0 && this.nextWarnNanos.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(WARN_INTERVAL_SECONDS))) {
			long suppressed = this.unlogged.getAndSet(0);
			logger.warn(message + ((suppressed > 0) ? " (" + suppressed + " more refusal(s) since the last warning,"
					+ " logged at DEBUG)" : ""));
			return;
		}
		this.unlogged.incrementAndGet();
		if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

}
