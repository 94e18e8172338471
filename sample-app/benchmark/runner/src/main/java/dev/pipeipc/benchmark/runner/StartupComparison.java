package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Launches the startup comparison: in each round the plain application and every
 * {@link StartupVariant variant} once, back to back, each until it says it is ready, in an order
 * that rotates from round to round and, with more than one variant, turns round every other cycle,
 * so that no launch always follows the same one: each launch is first equally often when the
 * number of rounds is a multiple of twice the number of launches in a round. Each variant has a
 * socket directory of its own. {@link StartupRuns} keeps and reports what each launch measured.
 */
final class StartupComparison {

	private final int rounds;

	private final UnaryOperator<String> jars;

	private final Path work;

	/**
	 * Create the comparison.
	 * @param rounds how many rounds to launch
	 * @param jars the jar of a benchmark application, by name
	 * @param work where logs and sockets go
	 */
	StartupComparison(int rounds, UnaryOperator<String> jars, Path work) {
		this.rounds = rounds;
		this.jars = jars;
		this.work = work;
	}

	/**
	 * Launch every round and add it to the runs.
	 * @param startups the runs, which name the variants to launch
	 * @throws IOException if an application cannot be launched
	 */
	void measure(StartupRuns startups) throws IOException {
		List<StartupVariant> variants = startups.variants();
		if (this.rounds > 0) {
			// One untimed launch of each first, so that none pays for reading its jar from disk.
			ServerProcess.start("plain-app", plainArguments(), this.work.resolve("plain-app-cold.log")).close();
			for (StartupVariant variant : variants) {
				ServerProcess.start(variant.optionValue(), arguments(variant),
						this.work.resolve(variant.optionValue() + "-cold.log"))
					.close();
			}
		}
		for (int run = 0; run < this.rounds; run++) {
			// null stands for the plain application. The order rotates, and with more than one
			// variant turns round every other cycle, so that no launch always follows the same one;
			// with one variant the pairs alternate.
			List<StartupVariant> order = new ArrayList<>();
			order.add(null);
			order.addAll(variants);
			Collections.rotate(order, -(run % order.size()));
			if (order.size() > 2 && (run / order.size()) % 2 == 1) {
				Collections.reverse(order);
			}
			ServerProcess plain = null;
			Map<StartupVariant, ServerProcess> launches = new EnumMap<>(StartupVariant.class);
			for (StartupVariant variant : order) {
				String name = (variant != null) ? variant.optionValue() : "plain-app";
				List<String> arguments = (variant != null) ? arguments(variant) : plainArguments();
				try (ServerProcess app = ServerProcess.start(name, arguments, this.work.resolve(name + "-startup.log"))) {
					if (variant == null) {
						plain = app;
					}
					else {
						launches.put(variant, app);
					}
				}
			}
			startups.add(Objects.requireNonNull(plain), launches);
			StringBuilder line = new StringBuilder(String.format("Startup round %d of %d: plain %d ms, %.0f ms main thread"
					+ " CPU, %d classes", run + 1, this.rounds, plain.startup().toMillis(),
					plain.figure("main-cpu-ns") / 1e6, plain.figure("classes")));
			launches.forEach((variant, app) -> line.append(String.format("; %s %d ms, %.0f ms, %d classes",
					variant.optionValue(), app.startup().toMillis(), app.figure("main-cpu-ns") / 1e6,
					app.figure("classes"))));
			ComparisonBenchmark.progress(line.toString());
		}
	}

	private List<String> plainArguments() {
		return List.of("-jar", this.jars.apply("plain-app"));
	}

	private List<String> arguments(StartupVariant variant) throws IOException {
		// A directory per variant: no launch finds another variant's socket files.
		Path directory = this.work.resolve("startup-" + variant.optionValue());
		Files.createDirectories(directory);
		return variant.arguments(this.jars.apply("plain-app"), this.jars.apply("echo-pipe"), directory);
	}

}
