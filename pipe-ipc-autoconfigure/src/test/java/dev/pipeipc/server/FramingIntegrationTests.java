package dev.pipeipc.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;

import static dev.pipeipc.server.PipeTestClient.ascii;
import static dev.pipeipc.server.PipeTestClient.concat;
import static dev.pipeipc.server.PipeTestClient.frame;
import static dev.pipeipc.server.PipeTestClient.request;
import static dev.pipeipc.server.PipeTestClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@link Framing} end to end over a socket, with the test client's own encoder and decoder:
 * a round trip, several frames in one write, a frame split across many small writes with pauses,
 * multi-byte UTF-8 content, a message of several megabytes; for content-length the optional {@code Content-Type} header,
 * case-insensitive header names and the exact reply header; for newline framing CRLF line endings
 * and blank lines.
 */
class FramingIntegrationTests {

	private static final String UNICODE = "héllo ✓ 😀 日本";

	@TempDir
	Path directory;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private PipeTestClient clientOf(Framing framing) throws IOException {
		TestPipeServer server = TestPipeServer.on(this.directory.resolve(framing.name().toLowerCase() + ".sock"))
			.name(framing.name().toLowerCase())
			.framing(framing)
			.start();
		this.resources.add(server);
		PipeTestClient client = server.connect();
		this.resources.add(client);
		return client;
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void requestAndReplyRoundTrip(Framing framing) throws IOException {
		PipeTestClient client = clientOf(framing);
		assertThat(client.call(request(1, "echo", "[\"ping\"]")).toString())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"ping\"}");
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void severalFramesInOneWriteAreAllAnswered(Framing framing) throws IOException {
		PipeTestClient client = clientOf(framing);
		client.sendRaw(concat(frame(framing, request(1, "echo", "[\"a\"]")), frame(framing, request(2, "echo", "[\"b\"]")),
				frame(framing, request(3, "echo", "[\"c\"]"))));
		List<String> results = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			results.add(client.receiveJson().get("result").asString());
		}
		assertThat(results).containsExactlyInAnyOrder("a", "b", "c");
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void frameSplitAcrossManySmallWritesIsReassembled(Framing framing) throws Exception {
		PipeTestClient client = clientOf(framing);
		byte[] frame = frame(framing, request(1, "echo", "[\"" + UNICODE + "\"]"));
		client.sendInPieces(frame, 3, Duration.ofMillis(2));
		assertThat(client.receiveJson().get("result").asString()).isEqualTo(UNICODE);
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void multiByteUtf8TextIsCarriedIntact(Framing framing) throws IOException {
		PipeTestClient client = clientOf(framing);
		assertThat(client.call(request(UNICODE, "echo", "[\"" + UNICODE + "\"]")).toString())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"" + UNICODE + "\",\"result\":\"" + UNICODE + "\"}");
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void messageOfSeveralMegabytesRoundTrips(Framing framing) throws IOException {
		PipeTestClient client = clientOf(framing);
		String large = "0123456789abcdef".repeat(6 * 1024 * 1024 / 16);
		JsonNode reply = client.call(request(1, "echo", "[\"" + large + "\"]"));
		String result = reply.get("result").asString();
		assertThat(result.length()).isEqualTo(large.length());
		assertThat(result.equals(large)).as("message carried intact").isTrue();
		assertThat(client.call(request(2, "echo", "[\"small\"]")).get("result").asString()).isEqualTo("small");
	}

	@Test
	void contentLengthReplyHeaderStatesTheBodyLengthInBytes() throws IOException {
		PipeTestClient client = clientOf(Framing.CONTENT_LENGTH);
		client.send(request(1, "echo", "[\"" + UNICODE + "\"]"));
		byte[] body = client.receiveFrame();
		assertThat(client.lastReplyHeader()).isEqualTo("Content-Length: " + body.length);
		assertThat(body.length).isGreaterThan(new String(body, java.nio.charset.StandardCharsets.UTF_8).length());
	}

	@Test
	void contentLengthHeaderOfALongStringResultCountsTheEnvelopeAndTheString() throws IOException {
		// The string is sent apart from the envelope around it: the header counts all three parts.
		PipeTestClient client = clientOf(Framing.CONTENT_LENGTH);
		String large = "plain text ".repeat(10_000);
		client.send(request(7, "echo", "[\"" + large + "\"]"));
		byte[] body = client.receiveFrame();
		assertThat(client.lastReplyHeader()).isEqualTo("Content-Length: " + body.length);
		assertThat(new String(body, java.nio.charset.StandardCharsets.US_ASCII))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"" + large + "\"}");
		assertThat(client.call(request(8, "echo", "[\"small\"]")).get("result").asString()).isEqualTo("small");
	}

	@Test
	void contentLengthAcceptsTheOptionalContentTypeHeader() throws IOException {
		PipeTestClient client = clientOf(Framing.CONTENT_LENGTH);
		byte[] body = utf8(request(1, "echo", "[\"typed\"]"));
		client.sendRaw(concat(ascii("Content-Length: " + body.length
				+ "\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"), body));
		assertThat(client.receiveJson().get("result").asString()).isEqualTo("typed");
		client.sendRaw(concat(ascii("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: "
				+ body.length + "\r\n\r\n"), body));
		assertThat(client.receiveJson().get("result").asString()).isEqualTo("typed");
	}

	@Test
	void contentLengthHeaderNamesAreCaseInsensitive() throws IOException {
		PipeTestClient client = clientOf(Framing.CONTENT_LENGTH);
		byte[] body = utf8(request(1, "echo", "[\"cased\"]"));
		client.sendRaw(concat(ascii("content-length: " + body.length
				+ "\r\nCONTENT-TYPE: application/vscode-jsonrpc; charset=UTF-8\r\n\r\n"), body));
		assertThat(client.receiveJson().get("result").asString()).isEqualTo("cased");
		client.sendRaw(concat(ascii("CONTENT-LENGTH: " + body.length + "\r\n\r\n"), body));
		assertThat(client.receiveJson().get("result").asString()).isEqualTo("cased");
	}

	@Test
	void contentLengthIgnoresUnknownHeaders() throws IOException {
		PipeTestClient client = clientOf(Framing.CONTENT_LENGTH);
		byte[] body = utf8(request(1, "echo", "[\"extra\"]"));
		client.sendRaw(concat(ascii("X-Trace: abc\r\nContent-Length: " + body.length + "\r\n\r\n"), body));
		assertThat(client.receiveJson().get("result").asString()).isEqualTo("extra");
	}

	@Test
	void contentLengthWithUnsupportedCharsetIsAnErrorAndTheConnectionStaysUsable() throws IOException {
		PipeTestClient client = clientOf(Framing.CONTENT_LENGTH);
		byte[] body = utf8(request(1, "echo", "[\"latin\"]"));
		client.sendRaw(concat(ascii("Content-Length: " + body.length
				+ "\r\nContent-Type: application/vscode-jsonrpc; charset=iso-8859-1\r\n\r\n"), body));
		JsonNode reply = client.receiveJson();
		assertThat(reply.has("error")).as("reply %s", reply).isTrue();
		assertThat(reply.get("error").get("data").get("reason").asString()).contains("iso-8859-1");
		assertThat(client.call(request(2, "echo", "[\"after\"]")).get("result").asString()).isEqualTo("after");
	}

	@Test
	void newlineFramingAcceptsCrlfLineEndingsAndSkipsBlankLines() throws IOException {
		PipeTestClient client = clientOf(Framing.NEWLINE);
		client.sendRaw(concat(ascii("\r\n\n"), utf8(request(1, "echo", "[\"crlf\"]")), ascii("\r\n\r\n"),
				utf8(request(2, "echo", "[\"lf\"]")), ascii("\n")));
		List<String> results = List.of(client.receiveJson().get("result").asString(),
				client.receiveJson().get("result").asString());
		assertThat(results).containsExactlyInAnyOrder("crlf", "lf");
	}

	@Test
	void newlineFramingLineSplitAcrossWritesWithCrlf() throws Exception {
		PipeTestClient client = clientOf(Framing.NEWLINE);
		client.sendInPieces(concat(utf8(request(1, "echo", "[\"slow line\"]")), ascii("\r\n")), 1,
				Duration.ofMillis(1));
		assertThat(client.receiveJson().get("result").asString()).isEqualTo("slow line");
	}

}
