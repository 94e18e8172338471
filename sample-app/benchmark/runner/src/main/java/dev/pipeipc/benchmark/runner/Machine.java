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
		long memory = 0;
		try {
			memory = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal:"))
				.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024)
				.findFirst()
				.orElse(0L);
		}
		catch (IOException ex) {
			// not Linux
		}
		return String.format("%d cores (%s), %d GiB, %s %s, Java %s (%s). Servers and clients share the machine;"
				+ " every server runs on this Java with its default JVM options.",
				Runtime.getRuntime().availableProcessors(), cpu, memory, System.getProperty("os.name"),
				System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
	}

}
