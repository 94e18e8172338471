package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line description of the machine and JVM the numbers come from.
 */
final class Machine {

	private Machine() {
	}

	static String describe() {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(cpu);
		}
		catch (IOException ex) {
			// not Linux
		}
		long memory = Runtime.getRuntime().maxMemory();
		return String.format("%d cores (%s), %s %s, Java %s (%s); servers run on the same JVM with default options "
				+ "(max heap %d MiB).", Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
				System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
				memory / 1024 / 1024);
	}

}
