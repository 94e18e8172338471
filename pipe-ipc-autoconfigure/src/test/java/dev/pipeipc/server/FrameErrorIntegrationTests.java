package dev.pipeipc.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.codec.Framing;

import static dev.pipeipc.server.PipeTestClient.ascii;
import static dev.pipeipc.server.PipeTestClient.concat;
import static dev.pipeipc.server.PipeTestClient.request;
import static dev.pipeipc.server.PipeTestClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes that cannot be decoded as frames or as JSON, over a real socket: oversize frames in every
 * framing (rejected with an error naming the size, the body skipped, the connection still usable;
 * a body of exactly the maximum size accepted), empty and whitespace-only messages, a negative
 * length prefix, an oversize header section, a line break before the header, a malformed or missing {@code Content-Length}, a header line without a
 * colon (all fatal: the connection is closed, after the replies to requests already in progress)
 * and a body that is not UTF-8 (a parse error on a connection that stays usable). After each, the server still serves other connections.
 */
class FrameErrorIntegrationTests {

	private static final int MAX_MESSAGE_SIZE = 1024;

	@TempDir
	Path directory;

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private TestPipeServer serverOf(Framing framing) {
		TestPipeServer server = TestPipeServer.on(this.directory.resolve("errors.sock"))
			.name("errors")
			.framing(framing)
			.maxMessageSize(MAX_MESSAGE_SIZE)
			.start();
		return this.resources.add(server);
	}

	private PipeTestClient connect(TestPipeServer server) throws IOException {
		return this.resources.add(server.connect());
	}

	@Test
	void oversizeContentLengthIsInvalidRequestNamingTheSizeAndTheConnectionStaysUsable() throws IOException {
		TestPipeServer server = serverOf(Framing.CONTENT_LENGTH);
		PipeTestClient client = connect(server);
		byte[] body = oversizeBody(2000);
		client.sendRaw(concat(ascii("Content-Length: 2000\r\n\r\n"), Arrays.copyOf(body, 500)));
		assertTooLong(client.receiveJson(), 2000);
		client.sendRaw(Arrays.copyOfRange(body, 500, body.length));
		assertStillAnswers(client);
		server.assertServesNewConnections();
	}

	@Test
	void oversizeLengthPrefixIsInvalidRequestNamingTheSizeAndTheConnectionStaysUsable() throws IOException {
		TestPipeServer server = serverOf(Framing.LENGTH_PREFIX);
		PipeTestClient client = connect(server);
		byte[] body = oversizeBody(5000);
		client.sendRaw(concat(ByteBuffer.allocate(4).putInt(5000).array(), Arrays.copyOf(body, 100)));
		assertTooLong(client.receiveJson(), 5000);
		client.sendRaw(Arrays.copyOfRange(body, 100, body.length));
		assertStillAnswers(client);
		server.assertServesNewConnections();
	}

	@Test
	void oversizeLineIsInvalidRequestNamingTheLimitAndTheConnectionStaysUsable() throws IOException {
		TestPipeServer server = serverOf(Framing.NEWLINE);
		PipeTestClient client = connect(server);
		client.sendRaw(concat(oversizeBody(3000), ascii("\n")));
		JsonNode reply = client.receiveJson();
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(-32600);
		assertThat(reply.get("id").isNull()).isTrue();
		assertThat(reply.get("error").get("data").get("reason").asString()).contains(String.valueOf(MAX_MESSAGE_SIZE));
		assertStillAnswers(client);
		server.assertServesNewConnections();
	}

	@ParameterizedTest
	@EnumSource(names = { "CONTENT_LENGTH", "LENGTH_PREFIX", "NEWLINE" })
	void bodyOfExactlyTheMaximumSizeIsAcceptedAndOneByteMoreIsNot(Framing framing) throws IOException {
		TestPipeServer server = serverOf(framing);
		PipeTestClient client = connect(server);
		String prefix = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"";
		String suffix = "\"]}";
		String exact = prefix + "y".repeat(MAX_MESSAGE_SIZE - prefix.length() - suffix.length()) + suffix;
		assertThat(utf8(exact)).hasSize(MAX_MESSAGE_SIZE);
		assertThat(client.call(exact).get("result").asString().length())
			.isEqualTo(MAX_MESSAGE_SIZE - prefix.length() - suffix.length());
		String oneMore = prefix + "y".repeat(MAX_MESSAGE_SIZE + 1 - prefix.length() - suffix.length()) + suffix;
		JsonNode reply = client.call(oneMore);
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(-32600);
		assertThat(reply.get("error").get("data").get("reason").asString()).contains(String.valueOf(MAX_MESSAGE_SIZE));
		assertStillAnswers(client);
	}

	@Test
	void zeroLengthPrefixIsAParseErrorAndTheConnectionStaysUsable() throws IOException {
		TestPipeServer server = serverOf(Framing.LENGTH_PREFIX);
		PipeTestClient client = connect(server);
		client.sendRaw(new byte[4]);
		assertThat(client.receiveJson().get("error").get("code").asInt()).isEqualTo(-32700);
		assertStillAnswers(client);
	}

	@Test
	void whitespaceOnlyLineIsAParseErrorAndTheConnectionStaysUsable() throws IOException {
		TestPipeServer server = serverOf(Framing.NEWLINE);
		PipeTestClient client = connect(server);
		client.sendRaw(" \t \n");
		assertThat(client.receiveJson().get("error").get("code").asInt()).isEqualTo(-32700);
		assertStillAnswers(client);
	}

	@Test
	void headerSectionOverTheLimitIsAParseErrorThenClose() throws IOException {
		TestPipeServer server = serverOf(Framing.CONTENT_LENGTH);
		PipeTestClient client = connect(server);
		client.sendRaw("X-Padding: " + "p".repeat(9000) + "\r\n");
		assertParseErrorThenClose(client, "X-Padding", "8192 bytes");
		server.assertServesNewConnections();
	}

	@Test
	void extraLineBreakBeforeTheHeaderIsAParseErrorThenClose() throws IOException {
		TestPipeServer server = serverOf(Framing.CONTENT_LENGTH);
		PipeTestClient client = connect(server);
		byte[] body = utf8(request(1, "echo", "[1]"));
		client.sendRaw(concat(ascii("\r\nContent-Length: " + body.length + "\r\n\r\n"), body));
		assertParseErrorThenClose(client, "Header line ''");
		server.assertServesNewConnections();
	}

	@Test
	void negativeLengthPrefixClosesTheConnectionButNotTheServer() throws IOException {
		TestPipeServer server = serverOf(Framing.LENGTH_PREFIX);
		PipeTestClient bystander = connect(server);
		PipeTestClient client = connect(server);
		client.sendRaw(concat(ByteBuffer.allocate(4).putInt(-5).array(), utf8("{}")));
		assertParseErrorThenClose(client, "-5");
		assertStillAnswers(bystander);
		server.assertServesNewConnections();
	}

	@Test
	void malformedContentLengthIsAParseErrorThenClose() throws IOException {
		TestPipeServer server = serverOf(Framing.CONTENT_LENGTH);
		PipeTestClient bystander = connect(server);
		PipeTestClient client = connect(server);
		client.sendRaw(concat(ascii("Content-Length: abc\r\n\r\n"), utf8(request(1, "echo", "[1]"))));
		assertParseErrorThenClose(client, "'abc'");
		assertStillAnswers(bystander);
		server.assertServesNewConnections();
	}

	@Test
	void headerSectionWithoutContentLengthClosesTheConnection() throws IOException {
		TestPipeServer server = serverOf(Framing.CONTENT_LENGTH);
		PipeTestClient bystander = connect(server);
		PipeTestClient client = connect(server);
		client.sendRaw(concat(ascii("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"),
				utf8(request(1, "echo", "[1]"))));
		assertParseErrorThenClose(client, "no Content-Length");
		assertStillAnswers(bystander);
		server.assertServesNewConnections();
	}

	@Test
	void headerLineWithoutColonClosesTheConnection() throws IOException {
		TestPipeServer server = serverOf(Framing.CONTENT_LENGTH);
		PipeTestClient client = connect(server);
		client.sendRaw(concat(ascii("Content-Length 10\r\n\r\n"), utf8("0123456789")));
		assertParseErrorThenClose(client, "'Content-Length 10'");
		server.assertServesNewConnections();
	}

	@Test
	void contentLengthGivenTwiceWithDifferentValuesClosesTheConnection() throws IOException {
		TestPipeServer server = serverOf(Framing.CONTENT_LENGTH);
		PipeTestClient client = connect(server);
		client.sendRaw(concat(ascii("Content-Length: 10\r\nContent-Length: 12\r\n\r\n"), utf8("0123456789")));
		assertParseErrorThenClose(client, "10", "12");
		server.assertServesNewConnections();
	}

	@Test
	void fatalFrameErrorStillDeliversTheReplyOfARequestInProgressBeforeClosing() throws Exception {
		LaterHandler handlers = new LaterHandler();
		TestPipeServer server = this.resources.add(TestPipeServer.on(this.directory.resolve("errors.sock"))
			.name("errors")
			.handlers(handlers)
			.start());
		PipeTestClient client = connect(server);
		client.send(request("in-progress", "later", null));
		CompletableFuture<String> pending = handlers.next();
		client.sendRaw("Content-Length: -1\r\n\r\n");
		JsonNode error = client.receiveJson();
		assertThat(error.get("error").get("code").asInt()).isEqualTo(-32700);
		assertThat(error.get("error").get("data").get("reason").asString()).contains("'-1'");
		pending.complete("delivered");
		assertThat(client.receiveJson().toString())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"in-progress\",\"result\":\"delivered\"}");
		client.awaitClose();
		server.assertServesNewConnections();
	}

	@Test
	void invalidUtf8BodyIsAParseErrorAndTheConnectionStaysUsable() throws IOException {
		TestPipeServer server = serverOf(Framing.CONTENT_LENGTH);
		PipeTestClient client = connect(server);
		byte[] prefix = utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"");
		byte[] suffix = utf8("\"]}");
		byte[] body = concat(prefix, new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE }, suffix);
		client.sendRaw(concat(ascii("Content-Length: " + body.length + "\r\n\r\n"), body));
		JsonNode reply = client.receiveJson();
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(-32700);
		assertStillAnswers(client);
		server.assertServesNewConnections();
	}

	@Test
	void invalidUtf8LineIsAParseErrorAndTheConnectionStaysUsable() throws IOException {
		TestPipeServer server = serverOf(Framing.NEWLINE);
		PipeTestClient client = connect(server);
		client.sendRaw(concat(utf8("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\""),
				new byte[] { (byte) 0x80, (byte) 0xBF }, utf8("\"]}\n")));
		assertThat(client.receiveJson().get("error").get("code").asInt()).isEqualTo(-32700);
		assertStillAnswers(client);
	}

	private static byte[] oversizeBody(int size) {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) 'x');
		return body;
	}

	private static void assertTooLong(JsonNode reply, int size) {
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(-32600);
		assertThat(reply.get("id").isNull()).isTrue();
		assertThat(reply.get("error").get("data").get("reason").asString()).contains(String.valueOf(size))
			.contains(String.valueOf(MAX_MESSAGE_SIZE));
	}

	/**
	 * A fatal framing error: a parse error without an id whose reason names the bad bytes, and
	 * nothing after it but the end of the connection.
	 */
	private static void assertParseErrorThenClose(PipeTestClient client, String... reasonNames) throws IOException {
		JsonNode reply = client.receiveJson();
		assertThat(reply.get("error").get("code").asInt()).as("code of %s", reply).isEqualTo(-32700);
		assertThat(reply.get("id").isNull()).as("no id in %s", reply).isTrue();
		assertThat(reply.get("error").get("data").get("reason").asString()).contains(reasonNames);
		assertThat(client.awaitClose()).as("nothing after the error").isEmpty();
	}

	private static void assertStillAnswers(PipeTestClient client) throws IOException {
		assertThat(client.call(request("after", "echo", "[\"still usable\"]")).toString())
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"result\":\"still usable\"}");
	}

}
