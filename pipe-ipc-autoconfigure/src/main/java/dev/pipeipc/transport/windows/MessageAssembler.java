package dev.pipeipc.transport.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Puts a Win32 pipe message back together from the parts that reads in message mode return: a
 * message larger than the read buffer arrives as parts ending in {@code ERROR_MORE_DATA}, then a
 * last part. A message that fits one read, the usual case, is handed on without a copy.
 * <pre>
 * read 1: [ part 1 ] ERROR_MORE_DATA  -&gt; null
 * read 2: [ part 2 ] ERROR_MORE_DATA  -&gt; null
 * read 3: [ part 3 ] done             -&gt; [ part 1 | part 2 | part 3 ]
 * </pre>
 * The size limit is checked as parts arrive, so an oversize message is never buffered whole.
 */
final class MessageAssembler {

	private final String pipeName;

	private final int maxMessageSize;

	private byte[] message = new byte[0];

	private int length;

	/**
	 * Create an assembler for one connection.
	 * @param pipeName the pipe, for error messages
	 * @param maxMessageSize the largest message accepted, in bytes
	 */
	MessageAssembler(String pipeName, int maxMessageSize) {
		this.pipeName = pipeName;
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Take the next part read.
	 * @param buffer the read buffer
	 * @param count how many bytes of it the read filled
	 * @param moreData whether the read ended in {@code ERROR_MORE_DATA}
	 * @return the whole message once this was its last part (a view of {@code buffer} when the
	 * message was one part, valid until the buffer is read into again), else {@code null}
	 * @throws IOException if the message grows over the maximum message size
	 */
	@Nullable ByteBuffer add(byte[] buffer, int count, boolean moreData) throws IOException {
		long total = (long) this.length + count;
		if (total > this.maxMessageSize) {
			this.length = 0;
			throw new IOException("Message from pipe '" + this.pipeName + "' of " + (moreData ? "more than " : "")
					+ total + " bytes exceeds the maximum message size of " + this.maxMessageSize + " bytes");
		}
		if (!moreData && this.length == 0) {
			return ByteBuffer.wrap(buffer, 0, count);
		}
		if (total > this.message.length) {
			this.message = Arrays.copyOf(this.message, (int) Math.min(this.maxMessageSize,
					Math.max(total, 2L * this.message.length)));
		}
		System.arraycopy(buffer, 0, this.message, this.length, count);
		this.length = (int) total;
		if (moreData) {
			return null;
		}
		ByteBuffer whole = ByteBuffer.wrap(Arrays.copyOf(this.message, this.length));
		this.length = 0;
		return whole;
	}

}
