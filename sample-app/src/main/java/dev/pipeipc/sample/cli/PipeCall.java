package dev.pipeipc.sample.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClientException;
import dev.pipeipc.client.PipeConnectException;
import dev.pipeipc.sample.cli.CliArguments.UsageException;
import dev.pipeipc.jsonrpc.JsonRpcException;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * The {@code call} command of the sample app's jar: calls one JSON-RPC method on a pipe with
 * {@link PipeClient}, prints the result as one JSON value on standard output and exits, without
 * starting Spring or a pipe server.
 * <pre>
 * java -jar sample-app-0.1.0-SNAPSHOT.jar call orders orders.get '[1]'
 * </pre>
 * Exit codes: {@value #OK} result printed (or notification sent), {@value #RPC_ERROR} the server
 * answered with a JSON-RPC error, {@value #CONNECT_FAILED} no connection to the pipe,
 * {@value #NO_ANSWER} no answer (timeout or connection lost), {@value #FAILED} anything else, and
 * {@value #USAGE} bad usage.
 */
public final class PipeCall {

	/** The first argument of the jar that selects this command. */
	public static final String COMMAND = "call";

	/** Exit code: the result was printed, or the notification sent. */
	public static final int OK = 0;

	/** Exit code: an unexpected failure. */
	public static final int FAILED = 1;

	/** Exit code: the server answered with a JSON-RPC error. */
	public static final int RPC_ERROR = 2;

	/** Exit code: no connection could be made to the pipe. */
	public static final int CONNECT_FAILED = 3;

	/** Exit code: connected, but no answer came (request timeout, or the connection was lost). */
	public static final int NO_ANSWER = 4;

	/** Exit code: bad usage ({@code EX_USAGE} of sysexits.h). */
	public static final int USAGE = 64;

	/** How long to wait for the answer unless {@code --timeout} says otherwise. */
	static final Duration DEFAULT_TIMEOUT = PipeConnectionOptions.DEFAULT_TIMEOUT;

	/** How long to keep trying to connect (at most the request timeout). */
	static final Duration CONNECT_TIMEOUT = PipeConnectionOptions.CONNECT_TIMEOUT;

	/** The help text. */
	public static final String USAGE_TEXT = """
			Usage: java -jar sample-app-0.1.0-SNAPSHOT.jar call [options] <pipe> <method> [json-params]

			Calls <method> on the JSON-RPC server at <pipe> and prints its result as JSON.

			  <pipe>         pipe name: the socket <directory>/<name>.sock; a name containing '/'
			                 is the socket path itself (on Windows: \\\\.\\pipe\\<name>)
			  <method>       method name, such as orders.get
			  [json-params]  params as a JSON array ('[1]') or object ('{"item":"tea"}');
			                 left out, the request has no params

			Options:
			  --framing <framing>  content-length (default), length-prefix or newline
			  --timeout <seconds>  how long to wait for the answer (default 10); connecting
			                       gives up after 2 seconds
			  --directory <dir>    directory of the socket (default $XDG_RUNTIME_DIR, else
			                       pipe-ipc-<user> in the temp directory)
			  --notify             send a notification: no answer, nothing printed
			  --pretty             print the result indented
			  -h, --help           print this help; after <pipe>, also the methods the server
			                       there describes with rpc.discover

			Exit codes: 0 result printed (or notification sent), 2 error answer (printed on
			stderr as 'error <code>: <message>' and 'data: <json>'), 3 cannot connect,
			4 no answer (timeout or connection lost), 1 other failure, 64 bad usage.
			""";


	private PipeCall() {
	}

	/**
	 * Run the command in this process: warnings of the client go to standard error, the result to
	 * standard output in UTF-8.
	 * @param args the arguments after {@code call}
	 * @return the exit code
	 */
	public static int execute(String[] args) {
		return CliArguments.execute(PipeCall::run, args);
	}

	/**
	 * Run the command.
	 * @param args the arguments after {@code call}
	 * @param out receives the result (or the help text)
	 * @param err receives errors
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		HelpForPipe help = HelpForPipe.parse(args);
		if (help != null) {
			return help.print(out);
		}
		return CliArguments.parseAndRun("call", USAGE_TEXT, args, Invocation::parse, out, err, Invocation::execute);
	}

	/**
	 * Help asked for after a pipe ({@code call orders --help}): the usage, then the methods that
	 * pipe's server describes, so the method to call can be picked from them.
	 */
	private record HelpForPipe(String pipe, PipeConnectionOptions options) {

		/**
		 * The help to print, or {@code null} when help was not asked for after a pipe (or the
		 * arguments before it are wrong, which the usual parsing reports).
		 */
		static @Nullable HelpForPipe parse(String[] args) {
			PipeConnectionOptions options = new PipeConnectionOptions();
			CommandLine line = new CommandLine(args, Invocation.FLAGS, PipeConnectionOptions.VALUED);
			try {
				while (line.nextOption()) {
					options.accept(line);
				}
			}
			catch (UsageException ex) {
				return null;
			}
			if (!line.helpRequested() || line.positional().isEmpty() || line.positional().get(0).isBlank()) {
				return null;
			}
			return new HelpForPipe(line.positional().get(0), options);
		}

		int print(PrintStream out) {
			out.print(USAGE_TEXT);
			out.println();
			try (PipeClient client = this.options.client(this.pipe)) {
				List<String> methods = new OpenRpcDocument(PipeDiscover.discover(client)).methodSignatures();
				out.println("Methods of pipe '" + this.pipe + "' (from rpc.discover; 'name?' is optional):");
				methods.forEach((method) -> out.println("  " + method));
			}
			catch (JsonRpcException ex) {
				out.println("The methods of pipe '" + this.pipe + "' are not listed: its server answered rpc.discover"
						+ " with error " + ex.getCode() + ": " + ex.getMessage());
			}
			catch (RuntimeException ex) {
				out.println("The methods of pipe '" + this.pipe + "' are not listed: " + ex.getMessage());
			}
			out.flush();
			return OK;
		}

	}

	/**
	 * One parsed command line.
	 */
	private record Invocation(String pipe, String method, @Nullable JsonNode params, PipeConnectionOptions options,
			boolean notification, boolean pretty) {

		private static final Set<String> FLAGS = Set.of("--notify", "--pretty");

		/**
		 * Parse the arguments; {@code null} when help was asked for.
		 */
		static @Nullable Invocation parse(String[] args) {
			PipeConnectionOptions options = new PipeConnectionOptions();
			boolean notification = false;
			boolean pretty = false;
			CommandLine line = new CommandLine(args, FLAGS, PipeConnectionOptions.VALUED);
			while (line.nextOption()) {
				if (!options.accept(line)) {
					switch (line.name()) {
						case "--notify" -> notification = true;
						default -> pretty = true;
					}
				}
			}
			if (line.helpRequested()) {
				return null;
			}
			List<String> positional = line.positional();
			if (positional.size() < 2) {
				throw new UsageException(positional.isEmpty() ? "missing <pipe> and <method>" : "missing <method>");
			}
			if (positional.size() > 3) {
				throw new UsageException("too many arguments, starting at '" + positional.get(3)
						+ "' (quote the JSON params as one argument)");
			}
			String pipe = positional.get(0);
			String method = positional.get(1);
			if (pipe.isBlank()) {
				throw new UsageException("<pipe> must not be blank");
			}
			if (method.isBlank()) {
				throw new UsageException("<method> must not be blank");
			}
			JsonNode params = (positional.size() == 3) ? params(positional.get(2)) : null;
			return new Invocation(pipe, method, params, options, notification, pretty);
		}

		private static JsonNode params(String text) {
			JsonNode params;
			try {
				params = MAPPER.readTree(text);
			}
			catch (JacksonException ex) {
				throw new UsageException("[json-params] is not valid JSON: " + ex.getOriginalMessage());
			}
			if (params == null || params.isMissingNode()) {
				throw new UsageException("[json-params] is empty; leave it out to send no params");
			}
			if (!params.isArray() && !params.isObject()) {
				throw new UsageException("[json-params] must be a JSON array or object, not '" + text.trim()
						+ "'; wrap a single value in brackets: '[" + text.trim() + "]'");
			}
			return params;
		}

		int execute(PrintStream out, PrintStream err) {
			PipeClient client;
			try {
				client = this.options.client(this.pipe);
			}
			catch (IllegalArgumentException ex) {
				err.println("call: " + ex.getMessage());
				return USAGE;
			}
			try (client) {
				if (this.notification) {
					client.notify(this.method, this.params);
					return OK;
				}
				JsonNode result = client.call(this.method, this.params, JsonNode.class);
				out.println(this.pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result)
						: MAPPER.writeValueAsString(result));
				out.flush();
				return OK;
			}
			catch (JsonRpcException ex) {
				err.println("error " + ex.getCode() + ": " + ex.getMessage());
				Object data = ex.getData();
				if (data != null) {
					err.println("data: " + MAPPER.writeValueAsString(data));
				}
				return RPC_ERROR;
			}
			catch (PipeConnectException ex) {
				err.println(CliArguments.connectFailure("call", this.pipe, client.getAddress(), ex));
				return CONNECT_FAILED;
			}
			catch (PipeClientException ex) {
				err.println("call: " + ex.getMessage());
				return NO_ANSWER;
			}
			catch (RuntimeException ex) {
				err.println("call: " + ex);
				return FAILED;
			}
		}


	}


}
