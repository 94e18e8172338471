package dev.pipeipc.server.raw;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.RecordingReply;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The raw protocol without a socket: one handler method, messages in, replies or a closed
 * connection out.
 */
class RawProtocolTests {

	private static RecordingReply handle(Object handler, String message) {
		PipeProtocol protocol = TestPipeServer.protocol(true, "raw", false, handler);
		protocol.start();
		RecordingReply reply = new RecordingReply();
		protocol.open(new FakeSession(4)).handle(message.getBytes(StandardCharsets.UTF_8), reply);
		return reply;
	}

	@Test
	void stringHandlerWithSessionAnswersWithItsReturnValue() {
		RecordingReply reply = handle(new Object() {

			@PipeHandler
			String shout(String message, PipeSession session) {
				return message.toUpperCase() + " from " + session.id();
			}

		}, "hello");
		assertThat(reply.body()).isEqualTo("HELLO from 4");
		assertThat(reply.closesConnection()).isFalse();
	}

	@Test
	void byteBufferHandlerReturningAFutureAnswersWhenItCompletes() {
		RecordingReply reply = handle(new Object() {

			@PipeHandler
			CompletableFuture<byte[]> size(ByteBuffer message) {
				return CompletableFuture.completedFuture(String.valueOf(message.remaining()).getBytes(StandardCharsets.UTF_8));
			}

		}, "12345");
		assertThat(reply.body()).isEqualTo("5");
	}

	@Test
	void voidHandlerSendsNothing() {
		RecordingReply reply = handle(new Object() {

			@PipeHandler
			void swallow(byte[] message) {
			}

		}, "ignored");
		assertThat(reply.body()).isNull();
		assertThat(reply.closesConnection()).isFalse();
	}

	@Test
	void failingHandlerClosesTheConnectionWithoutAReply() {
		RecordingReply reply = handle(new Object() {

			@PipeHandler
			String fail(String message) {
				throw new IllegalStateException("no");
			}

		}, "x");
		assertThat(reply.body()).isNull();
		assertThat(reply.closesConnection()).isTrue();
	}

	@Test
	void failedFutureClosesTheConnectionWithoutAReply() {
		RecordingReply reply = handle(new Object() {

			@PipeHandler
			CompletableFuture<String> fail(String message) {
				return CompletableFuture.failedFuture(new IllegalStateException("later no"));
			}

		}, "x");
		assertThat(reply.body()).isNull();
		assertThat(reply.closesConnection()).isTrue();
	}

	@Test
	void refusedMessageClosesTheConnection() {
		PipeProtocol protocol = TestPipeServer.protocol(true, "raw", false, new Object() {

			@PipeHandler
			String echo(String message) {
				return message;
			}

		});
		RecordingReply reply = new RecordingReply();
		protocol.open(new FakeSession(5)).refuse(new byte[] { 1 }, "Pipe 'raw' is shutting down", reply);
		assertThat(reply.closesConnection()).isTrue();
		assertThat(protocol.reportsErrors()).isFalse();
	}

	@Test
	void handlerWithAnUnsupportedParameterIsRefusedAtStartNamingIt() {
		PipeProtocol protocol = TestPipeServer.protocol(true, "raw", false, new Object() {

			@PipeHandler
			String count(int times) {
				return "";
			}

		});
		assertThatIllegalStateException().isThrownBy(protocol::start)
			.withMessageContaining("of pipe 'raw' has parameter type int");
	}

	@Test
	void secondHandlerIsRefusedAtStartNamingBoth() {
		PipeProtocol protocol = TestPipeServer.protocol(true, "raw", false, new Object() {

			@PipeHandler
			String one(String message) {
				return message;
			}

			@PipeHandler
			String two(String message) {
				return message;
			}

		});
		assertThatIllegalStateException().isThrownBy(protocol::start)
			.withMessageStartingWith("Pipe 'raw' uses the raw protocol and needs exactly one @PipeHandler method, but found ")
			.withMessageContaining("one")
			.withMessageContaining("two");
	}

}
