package dev.pipeipc.client;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;

/**
 * The buffer a thread writes its requests into ({@link RequestEncoder}), with the generator that
 * writes them, both kept for the thread's next request unless a request grew the buffer past
 * {@link #KEPT_CAPACITY}, so a thread that once sent a large request does not hold on to its
 * size. A request written while the thread's buffer is in use (a params serializer that sends a
 * request itself) gets a buffer and a generator of its own, which are not kept.
 */
final class RequestBuffer extends ByteArrayOutputStream {

	private static final int KEPT_CAPACITY = 64 * 1024;

	private static final ThreadLocal<RequestBuffer> buffers = ThreadLocal.withInitial(() -> new RequestBuffer(true));

	private boolean inUse;

	/**
	 * The bytes written before an offset.
	 * @param end the offset
	 * @return a copy of them
	 */
	byte[] before(int end) {
		return Arrays.copyOf(this.buf, end);
	}

	/**
	 * The bytes written from an offset on.
	 * @param start the offset
	 * @return a copy of them
	 */
	byte[] from(int start) {
		return Arrays.copyOfRange(this.buf, start, this.count);
	}

	/** Whether this is a thread's buffer, which keeps its generator. */
	private final boolean kept;

	/** The generator kept for requests of {@link #owner}, or {@code null}. */
	private @Nullable JsonGenerator generator;

	private @Nullable Object owner;

	private RequestBuffer(boolean kept) {
		super(512);
		this.kept = kept;
	}

	/**
	 * A generator writing into this buffer for an encoder: the one kept if it is the
	 * encoder's, else a new one, which a thread's buffer keeps in place of the one it had.
	 * @param encoder whose requests are written
	 * @param generators makes the encoder's generators
	 * @return the generator
	 */
	JsonGenerator generator(Object encoder, ObjectWriter generators) {
		JsonGenerator current = this.generator;
		if (current != null && this.owner == encoder) {
			return current;
		}
		JsonGenerator created = generators.createGenerator(this);
		if (this.kept) {
			forget();
			this.generator = created;
			this.owner = encoder;
		}
		return created;
	}

	/**
	 * A request was written whole (a params serializer that left an array or object open has
	 * already failed it: the generator refuses to end the request's object inside one), so the
	 * generator is back at the root: put the request's bytes into the buffer.
	 */
	void finish(JsonGenerator used) {
		if (used == this.generator) {
			used.flush();
		}
		else {
			used.close();
		}
	}

	/** Writing a request failed: the generator is not used again. */
	void discard(JsonGenerator used) {
		if (used == this.generator) {
			this.generator = null;
			this.owner = null;
		}
		closeQuietly(used);
	}

	/** Let the kept generator go, returning its buffers to Jackson's pool. */
	private void forget() {
		JsonGenerator current = this.generator;
		this.generator = null;
		this.owner = null;
		if (current != null) {
			closeQuietly(current);
		}
	}

	private static void closeQuietly(JsonGenerator generator) {
		try {
			generator.close();
		}
		catch (RuntimeException ex) {
			// Its bytes are dropped with the buffer's.
		}
	}

	/**
	 * The thread's buffer, or a new one while the thread's is in use (a serializer of params
	 * that sends a request itself).
	 */
	static RequestBuffer forThisThread() {
		RequestBuffer buffer = buffers.get();
		if (buffer.inUse) {
			return new RequestBuffer(false);
		}
		buffer.inUse = true;
		return buffer;
	}

	void release() {
		this.inUse = false;
		if (this.buf.length > KEPT_CAPACITY) {
			forget();
			if (this.kept) {
				buffers.remove();
			}
		}
		else {
			reset();
		}
	}

}
