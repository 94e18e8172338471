package dev.pipeipc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.pipeipc.codec.Framing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChannelReader} on the test's thread over a {@link FakeClientChannel}: what it reads, in
 * whatever slices, becomes messages until the stream ends, breaks, or a frame cannot be read.
 */
class ChannelReaderTests {

	private final FakeClientChannel channel = new FakeClientChannel();

	private final List<String> messages = new ArrayList<>();

	private final CompletableFuture<@Nullable Throwable> ended = new CompletableFuture<>();

	private void read(int maxMessageSize) {
		new ChannelReader(this.channel, Framing.CONTENT_LENGTH.newDecoder(maxMessageSize),
				(message) -> this.messages.add(new String(message, StandardCharsets.UTF_8)), this.ended::complete)
			.run();
	}

	@Test
	void messagesSplitAcrossReadsAndSharingReadsAreEachDeliveredInOrder() {
		byte[] bytes = ("Content-Length: 7\r\n\r\n\"first\"Content-Length: 8\r\n\r\n\"second\"")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < bytes.length; i += 5) {
			this.channel.pushBytes(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 5)));
		}
		this.channel.push("\"third\"");
		this.channel.end();
		read(1024);
		assertThat(this.messages).containsExactly("\"first\"", "\"second\"", "\"third\"");
		assertThat(this.ended).isCompletedWithValue(null);
	}

	@Test
	void brokenConnectionEndsReadingWithItsFailure() {
		IOException broken = new IOException("Connection reset by peer");
		this.channel.push("\"before\"");
		this.channel.breakWith(broken);
		read(1024);
		assertThat(this.messages).containsExactly("\"before\"");
		assertThat(this.ended).isCompletedWithValue(broken);
	}

	@Test
	void frameOverTheMaximumMessageSizeEndsReadingNamingTheSizes() {
		this.channel.push("\"" + "x".repeat(100) + "\"");
		this.channel.push("\"never read\"");
		read(50);
		assertThat(this.messages).isEmpty();
		assertThat(this.ended.join()).isInstanceOf(IOException.class)
			.hasMessageContaining("Message of 102 bytes exceeds the maximum message size of 50 bytes");
	}

	@Test
	void malformedHeaderEndsReading() {
		this.channel.pushBytes("Content-Length: many\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		read(1024);
		assertThat(this.ended.join()).isInstanceOf(IOException.class).hasMessageContaining("Unreadable frame");
	}

}
