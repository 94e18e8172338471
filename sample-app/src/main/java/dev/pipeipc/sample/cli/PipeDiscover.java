package dev.pipeipc.sample.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClientException;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.sample.cli.CliArguments.UsageException;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * The {@code discover} command of the sample app's jar: asks a pipe's server what it serves with
 * the OpenRPC method {@code rpc.discover} and prints its methods, their params (name, type,
 * whether required), results and errors, and the shared schemas; without starting Spring.
 * <pre>
 * java -jar sample-app-0.1.0-SNAPSHOT.jar discover orders
 * </pre>
 * Exit codes are those of {@link PipeCall}.
 */
public final class PipeDiscover {

	/** The first argument of the jar that selects this command. */
	public static final String COMMAND = "discover";

	/** The OpenRPC discovery method. */
	static final String METHOD = "rpc.discover";

	/** The help text. */
	public static final String USAGE_TEXT = """
			Usage: java -jar sample-app-0.1.0-SNAPSHOT.jar discover [options] <pipe>

			Prints the methods the JSON-RPC server at <pipe> describes with rpc.discover
			(OpenRPC): params as name: type (name? when optional), the result after '->',
			the errors, then the shared schemas.

			  <pipe>         pipe name: the socket <directory>/<name>.sock; a name containing '/'
			                 is the socket path itself (on Windows: \\\\.\\pipe\\<name>)

			Options:
			  --framing <framing>  content-length (default), length-prefix or newline
			  --timeout <seconds>  how long to wait for the answer (default 10)
			  --directory <dir>    directory of the socket (default $XDG_RUNTIME_DIR, else the
			                       temp directory)
			  --json               print the OpenRPC document itself, indented
			  -h, --help           print this help

			Exit codes: 0 printed, 2 error answer (such as -32601 when the server does not
			describe itself), 3 cannot connect, 4 no answer, 1 other failure, 64 bad usage.
			""";

	private PipeDiscover() {
	}

	/**
	 * Run the command in this process.
	 * @param args the arguments after {@code discover}
	 * @return the exit code
	 */
	public static int execute(String[] args) {
		return CliArguments.execute(PipeDiscover::run, args);
	}

	/**
	 * Run the command.
	 * @param args the arguments after {@code discover}
	 * @param out receives the description (or the help text)
	 * @param err receives errors
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return CliArguments.parseAndRun(COMMAND, USAGE_TEXT, args, Invocation::parse, out, err, Invocation::execute);
	}

	/**
	 * Ask a pipe's server for its OpenRPC document.
	 * @param client a client of the pipe
	 * @return the document
	 * @throws JsonRpcException if the server answers with an error
	 */
	static JsonNode discover(PipeClient client) {
		JsonNode document = client.call(METHOD, null, JsonNode.class);
		if (document == null || !document.isObject()) {
			throw new JsonRpcException(JsonRpcErrorCodes.INTERNAL_ERROR, METHOD + " answered " + document
					+ ", not an OpenRPC document");
		}
		return document;
	}

	private record Invocation(String pipe, PipeConnectionOptions options, boolean json) {

		private static final Set<String> FLAGS = Set.of("--json");

		static @Nullable Invocation parse(String[] args) {
			PipeConnectionOptions options = new PipeConnectionOptions();
			boolean json = false;
			CommandLine line = new CommandLine(args, FLAGS, PipeConnectionOptions.VALUED);
			while (line.nextOption()) {
				if (!options.accept(line)) {
					json = true;
				}
			}
			if (line.helpRequested()) {
				return null;
			}
			List<String> positional = line.positional();
			if (positional.isEmpty()) {
				throw new UsageException("missing <pipe>");
			}
			if (positional.size() > 1) {
				throw new UsageException("too many arguments, starting at '" + positional.get(1) + "'");
			}
			if (positional.get(0).isBlank()) {
				throw new UsageException("<pipe> must not be blank");
			}
			return new Invocation(positional.get(0), options, json);
		}

		int execute(PrintStream out, PrintStream err) {
			PipeClient client;
			try {
				client = this.options.client(this.pipe);
			}
			catch (IllegalArgumentException ex) {
				err.println(COMMAND + ": " + ex.getMessage());
				return PipeCall.USAGE;
			}
			try (client) {
				JsonNode document = discover(client);
				if (this.json) {
					out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document));
				}
				else {
					new OpenRpcDocument(document).describe().forEach(out::println);
				}
				out.flush();
				return PipeCall.OK;
			}
			catch (JsonRpcException ex) {
				err.println("error " + ex.getCode() + ": " + ex.getMessage());
				return PipeCall.RPC_ERROR;
			}
			catch (PipeConnectException ex) {
				err.println(CliArguments.connectFailure(COMMAND, this.pipe, client.getAddress(), ex));
				return PipeCall.CONNECT_FAILED;
			}
			catch (PipeClientException ex) {
				err.println(COMMAND + ": " + ex.getMessage());
				return PipeCall.NO_ANSWER;
			}
			catch (RuntimeException ex) {
				err.println(COMMAND + ": " + ex);
				return PipeCall.FAILED;
			}
		}

	}

}
