package dev.pipeipc.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A {@link PipeProtocol.Reply} that records how a message's handling completed, and fails the
 * test if it is completed twice.
 */
public final class RecordingReply implements PipeProtocol.Reply {

	private final CompletableFuture<@Nullable String> body = new CompletableFuture<>();

	private volatile boolean closesConnection;

	private volatile List<byte[]> parts = List.of();

	@Override
	public void complete(byte @Nullable [] body) {
		record(body);
	}

	@Override
	public void completeAndClose(byte @Nullable [] body) {
		this.closesConnection = true;
		record(body);
	}

	/**
	 * Records the parts, then the body they make.
	 */
	@Override
	public void completeInParts(byte[][] parts) {
		this.parts = List.of(parts);
		PipeProtocol.Reply.super.completeInParts(parts);
	}

	private void record(byte @Nullable [] body) {
		String text = (body != null) ? new String(body, StandardCharsets.UTF_8) : null;
		if (!this.body.complete(text)) {
			throw new AssertionError("Reply completed twice; second body: " + text);
		}
	}

	/**
	 * Whether handling has completed.
	 * @return {@code true} once completed
	 */
	public boolean isCompleted() {
		return this.body.isDone();
	}

	/**
	 * The reply body, waiting for it a few seconds at most.
	 * @return the body as UTF-8, or {@code null} if handling completed without a reply
	 */
	public @Nullable String body() {
		try {
			return this.body.get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError("Reply not completed", ex);
		}
	}

	/**
	 * The parts the reply was completed with, if it was completed in parts.
	 * @return the parts, in order, or an empty list
	 */
	public List<byte[]> parts() {
		return this.parts;
	}

	/**
	 * Whether handling asked for the connection to be closed.
	 * @return {@code true} after {@link #completeAndClose}
	 */
	public boolean closesConnection() {
		return this.closesConnection;
	}

}
