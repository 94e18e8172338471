package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pipe.server.json.*}: the JSON parser's limits over a real socket. A message one past a
 * limit is answered {@code -32700} with a {@code null} id (its id was not read) and a reason naming
 * the limit; one at the limit is served. With the defaults, an id of 1,000 digits is echoed and
 * one of 1,001 is refused.
 */
class PipeJsonLimitsTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration(this.directory)
			.withPropertyValues("pipe.server.name=limits")
			.withUserConfiguration(EchoApplication.class);
	}

	@Test
	void eachLimitRefusesOnePastItWithAParseErrorNamingItAndServesAtIt() {
		runner().withPropertyValues("pipe.server.json.max-nesting-depth=4", "pipe.server.json.max-number-length=6",
				"pipe.server.json.max-string-length=10", "pipe.server.json.max-name-length=7")
			.run((context) -> {
				// The request object and its params array are two levels of the four.
				assertThat(echo("[[1]]").get("result").toString()).isEqualTo("[[1]]");
				assertRefused(echo("[[[1]]]"), "nesting depth (5) exceeds the maximum allowed (4");
				assertThat(echo("123456").get("result").asInt()).isEqualTo(123456);
				assertRefused(echo("1234567"), "Number value length (7) exceeds the maximum allowed (6");
				assertThat(echo("\"abcdefghij\"").get("result").asString()).isEqualTo("abcdefghij");
				assertRefused(echo("\"abcdefghijk\""), "String value length (11) exceeds the maximum allowed (10");
				assertThat(echo("{\"abcdefg\":1}").get("result").get("abcdefg").asInt()).isEqualTo(1);
				assertRefused(echo("{\"abcdefgh\":1}"), "Name length (8) exceeds the maximum allowed (7");
			});
	}

	@Test
	void withTheDefaultsAnIdOf1000DigitsIsEchoedAndOneOf1001IsRefusedWithoutAnId() {
		runner().run((context) -> {
			String id1000 = "1".repeat(1000);
			JsonNode echoed = send("{\"jsonrpc\":\"2.0\",\"id\":" + id1000 + ",\"method\":\"echo\",\"params\":[\"x\"]}");
			assertThat(echoed.get("id").toString()).isEqualTo(id1000);
			assertThat(echoed.get("result").asString()).isEqualTo("x");
			assertRefused(send("{\"jsonrpc\":\"2.0\",\"id\":" + id1000 + "1,\"method\":\"echo\",\"params\":[\"x\"]}"),
					"Number value length (1001) exceeds the maximum allowed (1000");
			assertRefused(echo("[".repeat(501) + "]".repeat(501)), "nesting depth (501) exceeds the maximum allowed (500");
		});
	}

	private JsonNode echo(String value) throws IOException {
		return send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[" + value + "]}");
	}

	private JsonNode send(String json) throws IOException {
		return JsonRpcSocketCall.send(this.directory.resolve("limits.sock"), json);
	}

	private static void assertRefused(JsonNode reply, String reason) {
		assertThat(reply.get("id").isNull()).as(reply.toString()).isTrue();
		assertThat(reply.get("error").get("code").asInt()).isEqualTo(JsonRpcErrorCodes.PARSE_ERROR);
		assertThat(reply.get("error").get("data").get("reason").asString()).contains(reason);
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoApplication {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

	}

	static class EchoHandler {

		@PipeHandler("echo")
		JsonNode echo(JsonNode value) {
			return value;
		}

	}

}
