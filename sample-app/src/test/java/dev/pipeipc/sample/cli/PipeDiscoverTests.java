package dev.pipeipc.sample.cli;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.sample.BenchHandlers;
import dev.pipeipc.sample.OrderDesk;
import dev.pipeipc.sample.OrderHandlers;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.test.autoconfigure.PipeTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code discover} command ({@link PipeDiscover#run}) and {@code call <pipe> --help}, against
 * the order handlers served on a pipe of the test's own.
 */
@PipeTest(handlers = { OrderHandlers.class, BenchHandlers.class })
@Import(OrderDesk.class)
class PipeDiscoverTests {

	@Autowired
	PipeServer server;

	@Test
	void discoverPrintsEachMethodWithItsParamsResultAndErrorsThenTheSchemas() {
		CommandResult result = CommandResult.run(PipeDiscover::run, this.server.getAddress());
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.OK);
		assertThat(result.err()).isEmpty();
		assertThat(result.out()).isEqualTo(CommandResult.lines("orders-desk unspecified: 8 methods", "",
				"bench.echo(value?: any) -> any", "  errors: -32602 Invalid params, -32603 Internal error", "",
				"orders.cancel(id: integer) -> Order",
				"  errors: 1001 No order with the given id, -32602 Invalid params, -32603 Internal error", "",
				"orders.create(order: NewOrder) -> Order", "  errors: -32602 Invalid params, -32603 Internal error", "",
				"orders.find(item: string, minQuantity?: integer) -> array of Order",
				"  errors: -32602 Invalid params, -32603 Internal error", "", "orders.get(id: integer) -> Order",
				"  errors: 1001 No order with the given id, -32602 Invalid params, -32603 Internal error", "",
				"orders.log(message: string) -> null", "  errors: -32602 Invalid params, -32603 Internal error", "",
				"orders.mine() -> array of Order", "  errors: -32603 Internal error", "",
				"orders.track(id: integer) -> Order",
				"  errors: 1001 No order with the given id, -32602 Invalid params, -32603 Internal error", "", "Schemas:",
				"  NewOrder: {item: string [minLength 1], quantity?: integer [minimum 1, maximum 100]}",
				"  Order: {createdAt?: string (date-time), id?: integer, item?: string, quantity?: integer,"
						+ " status?: Status}",
				"  Status: \"OPEN\" | \"CANCELLED\""));
	}

	@Test
	void jsonPrintsTheDocumentItself() {
		CommandResult result = CommandResult.run(PipeDiscover::run, "--json", this.server.getAddress());
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.OK);
		assertThat(JsonMapper.builder().build().readTree(result.out()).get("openrpc").asString()).isEqualTo("1.3.2");
	}

	@Test
	void pipeByNameInADirectory() {
		Path address = Path.of(this.server.getAddress());
		CommandResult result = CommandResult.run(PipeDiscover::run, "--directory", address.getParent().toString(),
				"--timeout=5", this.server.getName());
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.OK);
		assertThat(result.out()).contains("orders.get(id: integer) -> Order");
	}

	@Test
	void callHelpAfterAPipeListsTheMethodsItServes() {
		CommandResult result = CommandResult.run(PipeCall::run, this.server.getAddress(), "--help");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.OK);
		assertThat(result.err()).isEmpty();
		assertThat(result.out()).startsWith(PipeCall.USAGE_TEXT)
			.endsWith(CommandResult.lines("",
					"Methods of pipe '" + this.server.getAddress() + "' (from rpc.discover; 'name?' is optional):",
					"  bench.echo(value?)", "  orders.cancel(id)", "  orders.create(order)",
					"  orders.find(item, minQuantity?)", "  orders.get(id)", "  orders.log(message)", "  orders.mine()",
					"  orders.track(id)"));
	}

	@Test
	void callHelpAfterAPipeThatIsNotThereSaysWhyNoMethodsAreListed() {
		Path missing = Path.of(this.server.getAddress()).resolveSibling("missing.sock");
		CommandResult result = CommandResult.run(PipeCall::run, "--timeout", "0.5", missing.toString(), "-h");
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.OK);
		assertThat(result.out()).startsWith(PipeCall.USAGE_TEXT)
			.contains("The methods of pipe '" + missing + "' are not listed: ");
	}

	@Test
	void discoverOfAPipeThatIsNotThereCannotConnect() {
		Path missing = Path.of(this.server.getAddress()).resolveSibling("missing.sock");
		CommandResult result = CommandResult.run(PipeDiscover::run, missing.toString());
		assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.CONNECT_FAILED);
		assertThat(result.err()).startsWith("discover: cannot connect to " + missing);
	}

	@Test
	void badUsagePrintsUsage() {
		for (String[] args : new String[][] { {}, { "a", "b" }, { "--bogus", "orders" }, { " " } }) {
			CommandResult result = CommandResult.run(PipeDiscover::run, args);
			assertThat(result.code()).as(result.toString()).isEqualTo(PipeCall.USAGE);
			assertThat(result.err()).startsWith("discover: ").contains(PipeDiscover.USAGE_TEXT);
		}
	}

}
