package dev.pipeipc.sample.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import dev.pipeipc.codec.Framing;
import dev.pipeipc.sample.cli.CliArguments.UsageException;

import static dev.pipeipc.sample.cli.CliArguments.MAPPER;

/**
 * One parsed {@code bench} command line.
 *
 * @param pipe the pipe name or socket path
 * @param method the method to call
 * @param params the params of every call, or {@code null} for none
 * @param payloadBytes the size of the payload: the string of {@code --payload}, else the params'
 * JSON
 * @param clients how many connections
 * @param pipeline how many calls in flight on each connection
 * @param requests how many calls to measure, or 0 to run for {@code duration}
 * @param duration how long to measure, unless {@code requests} is set
 * @param warmup how long to call before measuring
 * @param timeout how long to wait for any answer before giving up
 * @param framing the server's framing
 * @param directory the directory of the socket, or {@code null} for the default
 * @param json whether to print the report as JSON
 * @param quiet whether to leave out progress
 * @param clientKinds how to call: one kind, or several compared in interleaved rounds
 * @param rounds how many times each kind runs; above 1, or with several kinds, a comparison
 */
record BenchSettings(String pipe, String method, @Nullable JsonNode params, long payloadBytes, int clients,
		int pipeline, long requests, Duration duration, Duration warmup, Duration timeout, Framing framing,
		@Nullable String directory, boolean json, boolean quiet, List<BenchClient> clientKinds, int rounds) {

	/** The most rounds of a comparison. */
	static final int MAX_ROUNDS = 1000;

	/** The method called unless {@code --method} or {@code --payload} says otherwise. */
	static final String DEFAULT_METHOD = "orders.find";

	/** The method called with {@code --payload} unless {@code --method} says otherwise. */
	static final String ECHO_METHOD = "bench.echo";

	/** The most connections. */
	static final int MAX_CLIENTS = 4096;

	/** The most calls in flight on one connection. */
	static final int MAX_PIPELINE = 65536;

	/** The largest payload: a JSON string the JVM can still hold twice over. */
	static final int MAX_PAYLOAD = 256 * 1024 * 1024;

	private static final String PAYLOAD_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private static final Set<String> FLAGS = Set.of("--json", "--quiet");

	private static final Set<String> VALUED = Set.of("--method", "--params", "--payload", "--clients", "--pipeline",
			"--requests", "--duration", "--warmup", "--timeout", "--framing", "--directory", "--client", "--rounds");

	boolean countsRequests() {
		return this.requests > 0;
	}

	/**
	 * Whether this run compares kinds of client, or repeats one, in rounds.
	 */
	boolean compares() {
		return this.clientKinds.size() > 1 || this.rounds > 1;
	}

	/**
	 * The same settings for one kind of client.
	 */
	BenchSettings with(BenchClient kind) {
		return new BenchSettings(this.pipe, this.method, this.params, this.payloadBytes, this.clients, this.pipeline,
				this.requests, this.duration, this.warmup, this.timeout, this.framing, this.directory, this.json,
				this.quiet, List.of(kind), 1);
	}

	BenchClient client() {
		return this.clientKinds.get(0);
	}

	/**
	 * Parse the arguments.
	 * @param args the arguments after {@code bench}
	 * @return the settings, or {@code null} when help was asked for
	 * @throws UsageException naming the bad argument
	 */
	static @Nullable BenchSettings parse(String[] args) {
		String method = null;
		JsonNode params = null;
		int payload = -1;
		int clients = 1;
		int pipeline = 1;
		long requests = 0;
		Duration duration = null;
		Duration warmup = Duration.ofSeconds(1);
		Duration timeout = Duration.ofSeconds(10);
		Framing framing = Framing.CONTENT_LENGTH;
		String directory = null;
		boolean json = false;
		boolean quiet = false;
		List<BenchClient> kinds = List.of(BenchClient.ASYNC);
		int rounds = 1;
		CommandLine line = new CommandLine(args, FLAGS, VALUED);
		while (line.nextOption()) {
			String name = line.name();
			switch (name) {
				case "--json" -> json = true;
				case "--quiet" -> quiet = true;
				case "--method" -> method = CliArguments.notBlank(name, line.value());
				case "--params" -> params = params(line.value());
				case "--payload" -> payload = (int) number(name, line.value(), 0, MAX_PAYLOAD);
				case "--clients" -> clients = (int) number(name, line.value(), 1, MAX_CLIENTS);
				case "--pipeline" -> pipeline = (int) number(name, line.value(), 1, MAX_PIPELINE);
				case "--requests" -> requests = number(name, line.value(), 1, Long.MAX_VALUE);
				case "--duration" -> duration = CliArguments.seconds(name, line.value(), false);
				case "--warmup" -> warmup = CliArguments.seconds(name, line.value(), true);
				case "--timeout" -> timeout = CliArguments.seconds(name, line.value(), false);
				case "--framing" -> framing = CliArguments.framing(line.value());
				case "--client" -> kinds = clientKinds(line.value());
				case "--rounds" -> rounds = (int) number(name, line.value(), 1, MAX_ROUNDS);
				default -> directory = CliArguments.notBlank(name, line.value());
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
			throw new UsageException("too many arguments, starting at '" + positional.get(1)
					+ "' (options start with --)");
		}
		String pipe = CliArguments.notBlank("<pipe>", positional.get(0));
		if (requests > 0 && duration != null) {
			throw new UsageException("give --requests or --duration, not both");
		}
		if (payload >= 0 && params != null) {
			throw new UsageException("give --payload or --params, not both");
		}
		long payloadBytes;
		if (payload >= 0) {
			ArrayNode array = MAPPER.createArrayNode();
			array.add(payload(payload));
			params = array;
			method = (method != null) ? method : ECHO_METHOD;
			payloadBytes = payload;
		}
		else {
			if (method == null) {
				method = DEFAULT_METHOD;
				params = (params != null) ? params : MAPPER.createObjectNode().put("item", "bench");
			}
			payloadBytes = (params != null) ? MAPPER.writeValueAsBytes(params).length : 0;
		}
		checkClients(kinds, pipeline, framing, method, payload);
		return new BenchSettings(pipe, method, params, payloadBytes, clients, pipeline, requests,
				(duration != null) ? duration : Duration.ofSeconds(10), warmup, timeout, framing, directory, json,
				quiet, kinds, rounds);
	}

	private static List<BenchClient> clientKinds(String value) {
		List<BenchClient> kinds = new ArrayList<>();
		for (String name : value.split(",")) {
			BenchClient kind = BenchClient.of(name);
			if (kinds.contains(kind)) {
				throw new UsageException("--client names '" + kind.cliName() + "' twice");
			}
			kinds.add(kind);
		}
		return List.copyOf(kinds);
	}

	private static void checkClients(List<BenchClient> kinds, int pipeline, Framing framing, String method,
			int payload) {
		for (BenchClient kind : kinds) {
			if (kind.waitsForEachAnswer() && pipeline > 1) {
				throw new UsageException("--client " + kind.cliName()
						+ " waits for each answer, so --pipeline must be 1, not " + pipeline + "; use --client async");
			}
			if (kind == BenchClient.PLAIN && framing != Framing.CONTENT_LENGTH) {
				throw new UsageException("--client plain speaks content-length framing only, not "
						+ BenchReport.framingName(framing));
			}
			if (kind == BenchClient.EXCHANGE && (payload < 0 || !ECHO_METHOD.equals(method))) {
				throw new UsageException("--client exchange calls " + ECHO_METHOD + " with --payload only");
			}
		}
	}

	private static String payload(int bytes) {
		StringBuilder payload = new StringBuilder(bytes);
		for (int i = 0; i < bytes; i++) {
			payload.append(PAYLOAD_ALPHABET.charAt(i % PAYLOAD_ALPHABET.length()));
		}
		return payload.toString();
	}

	private static long number(String name, String value, long min, long max) {
		try {
			long number = Long.parseLong(value.trim().replace("_", ""));
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new UsageException(name + " needs a whole number from " + min + " to " + max + ", not '" + value + "'");
	}

	private static JsonNode params(String text) {
		JsonNode params;
		try {
			params = MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			throw new UsageException("--params is not valid JSON: " + ex.getOriginalMessage());
		}
		if (params == null || params.isMissingNode() || (!params.isArray() && !params.isObject())) {
			throw new UsageException("--params must be a JSON array or object, not '" + text.trim() + "'");
		}
		return params;
	}

}
