package com.example.legacy;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.pipeipc.sample.TestSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The raw handler docs/windows.md shows, served with {@code protocol: raw}: on a Unix domain socket
 * raw mode frames each message with a 4-byte big-endian length.
 */
// The sample app's application.yml, on this class path too, sets content-length framing: name the
// framing raw mode uses on Unix by default.
@SpringBootTest(classes = LegacyApplication.class,
		properties = { "pipe.server.protocol=raw", "pipe.server.framing=length-prefix" })
@DirtiesContext
class LegacyHandlerTests {

	private static final Path SOCKET = TestSockets.socketPath("pipe-legacy");

	@DynamicPropertySource
	static void pipeProperties(DynamicPropertyRegistry registry) {
		registry.add("pipe.server.name", SOCKET::toString);
	}

	@Test
	void rawHandlerAnswersEachMessageWithAck() {
		assertTimeoutPreemptively(Duration.ofSeconds(30), this::exchangeHello);
	}

	private void exchangeHello() throws IOException {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
			byte[] request = "hello".getBytes(StandardCharsets.UTF_8);
			ByteBuffer frame = ByteBuffer.allocate(4 + request.length).putInt(request.length).put(request).flip();
			while (frame.hasRemaining()) {
				channel.write(frame);
			}
			DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
			byte[] reply = new byte[in.readInt()];
			in.readFully(reply);
			assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("ack hello");
		}
	}

}
