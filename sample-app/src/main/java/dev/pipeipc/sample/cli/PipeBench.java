package dev.pipeipc.sample.cli;

import java.io.PrintStream;
import java.util.List;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeConnectException;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * The {@code bench} command of the sample app's jar: a load generator in the manner of
 * {@code redis-benchmark} and {@code pgbench}. It opens {@code --clients} connections to a pipe,
 * keeps {@code --pipeline} calls in flight on each, and reports throughput and latency
 * percentiles, without starting Spring or a pipe server.
 * <pre>
 * java -jar sample-app-0.1.0-SNAPSHOT.jar bench orders --method bench.echo --payload 100 --clients 16
 * </pre>
 * Progress goes to standard error about once a second, the report to standard output (as text, or
 * one JSON object with {@code --json}). Exit codes: {@value #OK} every measured call answered with
 * a result, {@value #RPC_ERROR} some answered with an error, {@value #CONNECT_FAILED} no connection,
 * {@value #NO_ANSWER} some calls got no answer (timeout or connection lost), {@value #FAILED}
 * anything else, {@value #USAGE} bad usage; the report is printed whenever the run took place.
 */
public final class PipeBench {

	/** The first argument of the jar that selects this command. */
	public static final String COMMAND = "bench";

	/** Exit code: every measured call was answered with a result. */
	public static final int OK = PipeCall.OK;

	/** Exit code: an unexpected failure. */
	public static final int FAILED = PipeCall.FAILED;

	/** Exit code: some calls were answered with a JSON-RPC error. */
	public static final int RPC_ERROR = PipeCall.RPC_ERROR;

	/** Exit code: a connection to the pipe could not be made. */
	public static final int CONNECT_FAILED = PipeCall.CONNECT_FAILED;

	/** Exit code: some calls got no answer (timeout, or a connection was lost). */
	public static final int NO_ANSWER = PipeCall.NO_ANSWER;

	/** Exit code: bad usage ({@code EX_USAGE} of sysexits.h). */
	public static final int USAGE = PipeCall.USAGE;

	/** The help text. */
	public static final String USAGE_TEXT = """
			Usage: java -jar sample-app-0.1.0-SNAPSHOT.jar bench [options] <pipe>

			Calls a JSON-RPC method on <pipe> over several connections, many calls in flight
			on each, and reports throughput and latency percentiles.

			  <pipe>  pipe name: the socket <directory>/<name>.sock; a name containing '/' is
			          the socket path itself (on Windows: \\\\.\\pipe\\<name>)

			What to call:
			  --method <name>      method (default orders.find with {"item":"bench"}, or
			                       bench.echo with --payload)
			  --params <json>      params as a JSON array or object (default none, except for
			                       the default method)
			  --payload <bytes>    params are ["<a string of this many bytes>"]; throughput is
			                       also reported in MB/s (10^6 bytes) of it

			How hard:
			  --clients <n>        connections, each a client of its own (default 1)
			  --pipeline <depth>   calls in flight on each connection (default 1)
			  --requests <n>       stop after this many measured calls, or
			  --duration <seconds> stop sending after this long (default 10)
			  --warmup <seconds>   calls first, neither counted nor timed (default 1)
			  --timeout <seconds>  give up when no answer comes for this long (default 10);
			                       connecting gives up after at most 2 seconds

			Which client:
			  --client <kind>      async (default): PipeClient.callAsync, --pipeline calls in
			                       flight; call: PipeClient.call, waiting for each answer;
			                       exchange: a @PipeExchange proxy of bench.echo (--payload);
			                       plain: a plain Unix socket client, the request encoded once,
			                       answers read by their Content-Length and not parsed
			  --client <a,b,...>   compare kinds in interleaved rounds: each runs once a round,
			                       reported as a ratio to the first in the same round
			  --rounds <n>         rounds of the comparison (default 1)

			Connection and output:
			  --framing <framing>  content-length (default), length-prefix or newline
			  --directory <dir>    directory of the socket (default $XDG_RUNTIME_DIR, else
			                       pipe-ipc-<user> in the temp directory)
			  --json               print the report as one JSON object
			  --quiet              no progress on standard error
			  -h, --help           print this help

			Latency runs from sending a call to its answer, in microseconds. Exit codes: 0 all
			answered with results, 2 some error answers, 3 cannot connect, 4 some calls not
			answered (timeout or connection lost), 1 other failure, 64 bad usage.
			""";

	private PipeBench() {
	}

	/**
	 * Run the command in this process: the report to standard output in UTF-8, progress and
	 * warnings of the client to standard error.
	 * @param args the arguments after {@code bench}
	 * @return the exit code
	 */
	public static int execute(String[] args) {
		return CliArguments.execute(PipeBench::run, args);
	}

	/**
	 * Run the command.
	 * @param args the arguments after {@code bench}
	 * @param out receives the report (or the help text)
	 * @param err receives progress and errors
	 * @return the exit code
	 */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		return CliArguments.parseAndRun("bench", USAGE_TEXT, args, BenchSettings::parse, out, err, PipeBench::bench);
	}

	private static int bench(BenchSettings settings, PrintStream out, PrintStream err) {
		String address;
		try (PipeClient probe = PipeClient.builder(settings.pipe()).directory(settings.directory()).build()) {
			address = probe.getAddress();
		}
		catch (IllegalArgumentException ex) {
			err.println("bench: " + ex.getMessage());
			return USAGE;
		}
		if (settings.compares()) {
			return compare(settings, address, out, err);
		}
		BenchRun.Result result;
		try {
			result = new BenchRun(settings, MAPPER, settings.quiet() ? null : err).run();
		}
		catch (PipeConnectException ex) {
			err.println(CliArguments.connectFailure("bench", settings.pipe(), address, ex));
			return CONNECT_FAILED;
		}
		catch (RuntimeException ex) {
			err.println("bench: " + ex);
			return FAILED;
		}
		if (settings.json()) {
			out.println(MAPPER.writeValueAsString(BenchReport.json(settings, address, result)));
		}
		else {
			out.print(BenchReport.text(settings, address, result));
		}
		out.flush();
		if (result.errors().containsKey(BenchRun.TIMEOUT) || result.errors().containsKey(BenchRun.CONNECTION_LOST)) {
			return NO_ANSWER;
		}
		return result.errors().isEmpty() ? OK : RPC_ERROR;
	}

	private static int compare(BenchSettings settings, String address, PrintStream out, PrintStream err) {
		BenchComparison comparison = new BenchComparison(settings, settings.quiet() ? null : err);
		List<List<BenchRun.Result>> rounds;
		try {
			rounds = comparison.run();
		}
		catch (PipeConnectException ex) {
			err.println(CliArguments.connectFailure("bench", settings.pipe(), address, ex));
			return CONNECT_FAILED;
		}
		catch (RuntimeException ex) {
			err.println("bench: " + ex);
			return FAILED;
		}
		if (settings.json()) {
			out.println(MAPPER.writeValueAsString(comparison.json(address, rounds)));
		}
		else {
			out.print(comparison.text(address, rounds));
		}
		out.flush();
		return BenchComparison.failed(rounds) ? RPC_ERROR : OK;
	}

}
