package dev.pipeipc.sample.cli;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import dev.pipeipc.sample.OrderDesk;
import dev.pipeipc.sample.OrderHandlers;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.test.autoconfigure.PipeTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code discover} and {@code call <pipe> --help} against a server whose self-description is
 * turned off with {@code pipe.server.discovery.enabled=false}.
 */
@PipeTest(handlers = OrderHandlers.class, properties = "pipe.server.discovery.enabled=false")
@Import(OrderDesk.class)
class PipeDiscoverWithoutDiscoveryTests {

	@Autowired
	PipeServer server;

	@Test
	void discoverIsAnErrorAnswer() {
		CommandResult result = CommandResult.run(PipeDiscover::run, this.server.getAddress());
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.RPC_ERROR);
		assertThat(result.err()).startsWith("error -32601: ");
	}

	@Test
	void callHelpSaysTheServerDoesNotDescribeItself() {
		CommandResult result = CommandResult.run(PipeCall::run, this.server.getAddress(), "--help");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.OK);
		assertThat(result.out()).startsWith(PipeCall.USAGE_TEXT)
			.contains("The methods of pipe '" + this.server.getAddress()
					+ "' are not listed: its server answered rpc.discover with error -32601: ");
	}

}
