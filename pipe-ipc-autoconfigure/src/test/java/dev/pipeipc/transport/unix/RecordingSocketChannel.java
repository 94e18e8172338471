package dev.pipeipc.transport.unix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel standing in for a non-blocking socket: each write takes as many bytes as the next
 * scripted capacity allows (everything offered once the script runs out, unless it is
 * {@linkplain #full() full}), and records how many bytes each call was offered and what was
 * written.
 */
final class RecordingSocketChannel implements GatheringByteChannel {

	private final ArrayDeque<Integer> capacities = new ArrayDeque<>();

	private final ByteArrayOutputStream written = new ByteArrayOutputStream();

	private final List<Long> offered = new ArrayList<>();

	private boolean full;

	private boolean failing;

	/**
	 * Let the next write calls take at most these numbers of bytes, one per call.
	 */
	RecordingSocketChannel take(int... bytesPerCall) {
		for (int bytes : bytesPerCall) {
			this.capacities.add(bytes);
		}
		return this;
	}

	/**
	 * Take nothing more once the scripted capacities are used, as a socket whose peer stopped
	 * reading.
	 */
	RecordingSocketChannel full() {
		this.full = true;
		return this;
	}

	/**
	 * Take everything offered from now on, as a socket whose peer caught up.
	 */
	RecordingSocketChannel drain() {
		this.capacities.clear();
		this.full = false;
		return this;
	}

	RecordingSocketChannel failing() {
		this.failing = true;
		return this;
	}

	byte[] written() {
		return this.written.toByteArray();
	}

	/**
	 * The number of bytes each write call was offered, in order.
	 */
	List<Long> offered() {
		return this.offered;
	}

	@Override
	public int write(ByteBuffer source) throws IOException {
		return (int) write(new ByteBuffer[] { source }, 0, 1);
	}

	@Override
	public long write(ByteBuffer[] sources) throws IOException {
		return write(sources, 0, sources.length);
	}

	@Override
	public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
		if (this.failing) {
			throw new IOException("Broken pipe");
		}
		long offer = 0;
		for (int i = offset; i < offset + length; i++) {
			offer += sources[i].remaining();
		}
		this.offered.add(offer);
		long capacity = !this.capacities.isEmpty() ? this.capacities.poll() : (this.full ? 0 : Long.MAX_VALUE);
		long taken = 0;
		for (int i = offset; i < offset + length && taken < capacity; i++) {
			ByteBuffer source = sources[i];
			int n = (int) Math.min(source.remaining(), capacity - taken);
			byte[] bytes = new byte[n];
			source.get(bytes);
			this.written.writeBytes(bytes);
			taken += n;
		}
		return taken;
	}

	@Override
	public boolean isOpen() {
		return true;
	}

	@Override
	public void close() {
	}

}
