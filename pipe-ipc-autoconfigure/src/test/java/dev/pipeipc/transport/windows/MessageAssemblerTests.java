package dev.pipeipc.transport.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * {@link MessageAssembler}: Win32 message-mode read parts back into whole messages, without Wine.
 */
class MessageAssemblerTests {

	private final MessageAssembler assembler = new MessageAssembler("\\\\.\\pipe\\orders", 16);

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static String text(ByteBuffer message) {
		byte[] bytes = new byte[message.remaining()];
		message.get(bytes);
		return new String(bytes, StandardCharsets.US_ASCII);
	}

	@Test
	void messageThatFitsOneReadIsHandedOnWithoutACopy() throws IOException {
		byte[] buffer = bytes("whole message...");
		ByteBuffer message = this.assembler.add(buffer, 13, false);
		assertThat(message).isNotNull();
		assertThat(message.array()).isSameAs(buffer);
		assertThat(text(message)).isEqualTo("whole message");
	}

	@Test
	void partsEndingInMoreDataAreJoinedWithTheLastPart() throws IOException {
		assertThat(this.assembler.add(bytes("abcd"), 4, true)).isNull();
		assertThat(this.assembler.add(bytes("efgh"), 4, true)).isNull();
		ByteBuffer message = this.assembler.add(bytes("ij??"), 2, false);
		assertThat(message).isNotNull();
		assertThat(text(message)).isEqualTo("abcdefghij");
	}

	@Test
	void readBufferMayBeReusedForEveryPart() throws IOException {
		byte[] buffer = new byte[4];
		System.arraycopy(bytes("abcd"), 0, buffer, 0, 4);
		this.assembler.add(buffer, 4, true);
		System.arraycopy(bytes("ef"), 0, buffer, 0, 2);
		ByteBuffer message = this.assembler.add(buffer, 2, false);
		assertThat(text(message)).isEqualTo("abcdef");
	}

	@Test
	void nextMessageStartsAfresh() throws IOException {
		this.assembler.add(bytes("first-"), 6, true);
		this.assembler.add(bytes("part"), 4, false);
		assertThat(text(this.assembler.add(bytes("second"), 6, false))).isEqualTo("second");
	}

	@Test
	void messageOfExactlyTheMaximumSizeIsAccepted() throws IOException {
		this.assembler.add(bytes("12345678"), 8, true);
		assertThat(text(this.assembler.add(bytes("abcdefgh"), 8, false))).isEqualTo("12345678abcdefgh");
	}

	@Test
	void messageGrowingOverTheMaximumSizeFailsNamingThePipeAndTheSizes() throws IOException {
		this.assembler.add(bytes("1234567890"), 10, true);
		assertThatIOException().isThrownBy(() -> this.assembler.add(bytes("1234567890"), 10, true))
			.withMessage("Message from pipe '\\\\.\\pipe\\orders' of more than 20 bytes exceeds the maximum message"
					+ " size of 16 bytes");
	}

	@Test
	void singlePartOverTheMaximumSizeFailsWithItsExactSize() {
		assertThatIOException().isThrownBy(() -> this.assembler.add(new byte[17], 17, false))
			.withMessageContaining("of 17 bytes exceeds the maximum message size of 16 bytes");
	}

}
