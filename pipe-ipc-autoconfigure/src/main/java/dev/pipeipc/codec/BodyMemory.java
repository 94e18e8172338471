package dev.pipeipc.codec;

/**
 * Where a decoder asks for the memory of a partly received body before it grows its buffer, so
 * that a server can bound what all its connections' half-sent bodies hold together. One per
 * connection; used by the connection's reading thread, and {@link #releaseAll()} from any thread.
 */
public interface BodyMemory {

	/** No bound: every request is granted in full. */
	BodyMemory UNBOUNDED = new BodyMemory() {

		@Override
		public long reserve(long wanted, long needed) {
			return wanted;
		}

		@Override
		public void release(long bytes) {
		}

		@Override
		public void releaseAll() {
		}

	};

	/**
	 * Ask for more buffer.
	 * @param wanted the growth the decoder would like (doubling, for fewer copies)
	 * @param needed the least it must have to keep the bytes already handed to it
	 * @return the bytes granted: {@code wanted} while memory is left, else {@code needed}
	 */
	long reserve(long wanted, long needed);

	/**
	 * Give back buffer: a body was completed, skipped, or dropped.
	 * @param bytes what was reserved for it
	 */
	void release(long bytes);

	/**
	 * Give back everything still reserved: the connection closed mid-body.
	 */
	void releaseAll();

}
