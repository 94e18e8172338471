package dev.pipeipc.test.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.test.AdminHandlers;
import dev.pipeipc.test.Greeter;
import dev.pipeipc.test.Greeting;
import dev.pipeipc.test.GreetingHandlers;
import dev.pipeipc.test.PipeTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * A {@link PipeTest @PipeTest} of one handler class, over a real pipe.
 */
@PipeTest(handlers = GreetingHandlers.class)
class PipeTestIntegrationTests {

	@Autowired
	PipeTester tester;

	@Autowired
	PipeServer server;

	@Autowired
	ApplicationContext context;

	@MockitoBean
	Greeter greeter;

	@Test
	void callsTheHandlerOverThePipeWithItsMockedCollaborator() {
		given(this.greeter.greet("Ada")).willReturn("Hi Ada");
		this.tester.call("greet", "Ada").isSuccess().isEqualToJson("{\"text\": \"Hi Ada\", \"length\": 6}");
		this.tester.call("greet", "Ada").result(Greeting.class).isEqualTo(new Greeting("Hi Ada", 6));
		this.tester.call("greet", "Ada")
			.hasResultSatisfying((result) -> assertThat(result.get("length").asInt()).isEqualTo(6));
	}

	@Test
	void applicationErrorsAreAssertedWithCodeMessageAndData() {
		this.tester.call("greet", " ")
			.isError(GreetingHandlers.BLANK_NAME)
			.hasMessage("A greeting needs a name")
			.hasDataSatisfying((data) -> assertThat(data.get("name").asString()).isEqualTo(" "));
	}

	@Test
	void namedParamsAreSentAsGiven() {
		given(this.greeter.greet("Bo")).willReturn("Hey Bo");
		this.tester.callWithParams("greet", java.util.Map.of("name", "Bo")).result(Greeting.class)
			.extracting(Greeting::text).isEqualTo("Hey Bo");
	}

	@Test
	void notificationsPushedToTheConnectionAreReceived() {
		this.tester.call("subscribe", "news").isSuccess().isNullJson();
		this.tester.notifications()
			.received("topic.opened")
			.hasParamsSatisfying((params) -> assertThat(params.get("topic").asString()).isEqualTo("news"));
		this.tester.notifications().noneReceived("topic.closed");
	}

	@Test
	void onlyTheNamedHandlersAreServed() {
		assertThat(this.context.getBeansOfType(AdminHandlers.class)).isEmpty();
		this.tester.call("admin.version").isError(JsonRpcErrorCodes.METHOD_NOT_FOUND);
	}

	@Test
	void pipeHasANameAndDirectoryOfTheTestsOwn() {
		assertThat(this.server.getName()).startsWith("pipe-test-");
		assertThat(Path.of(this.server.getAddress()).getParent().getFileName().toString()).startsWith("pipe-test");
		assertThat(Path.of(this.server.getAddress())).exists();
	}

	@Test
	void serverDescribesTheHandlersUnderTest() {
		this.tester.call("rpc.discover")
			.hasResultSatisfying((document) -> assertThat(document.get("methods").valueStream()
				.map((method) -> method.get("name").asString())).containsExactly("greet", "subscribe"));
	}

}
