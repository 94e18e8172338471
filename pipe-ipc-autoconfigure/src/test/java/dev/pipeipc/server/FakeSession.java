package dev.pipeipc.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeer;

/**
 * A {@link PipeSession} without a connection, for protocol tests: open until {@link #close()},
 * recording the notifications pushed to it.
 */
public final class FakeSession implements PipeSession {

	private final long id;

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final List<String> notified = new CopyOnWriteArrayList<>();

	private volatile boolean open = true;

	public FakeSession(long id) {
		this.id = id;
	}

	@Override
	public long id() {
		return this.id;
	}

	@Override
	public String serverName() {
		return "unit";
	}

	@Override
	public Optional<PipePeer> peer() {
		return Optional.empty();
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public void notify(String method, @Nullable Object params) {
		this.notified.add(method);
	}

	public List<String> notified() {
		return this.notified;
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

	public void close() {
		this.open = false;
	}

}
