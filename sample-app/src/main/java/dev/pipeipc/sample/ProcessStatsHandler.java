package dev.pipeipc.sample;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;

/**
 * The server's side of the {@code soak} command ({@link dev.pipeipc.sample.cli.PipeSoak}): what
 * this process holds, so that a soak run in another process can tell growth from noise. Served
 * only when {@value #ENABLED_PROPERTY} is {@code true}: it lets any client of the pipe read these
 * figures and trigger a full garbage collection.
 */
@Component
@ConditionalOnBooleanProperty(ProcessStatsHandler.ENABLED_PROPERTY)
public class ProcessStatsHandler {

	/** The property that enables {@code bench.stats}. */
	public static final String ENABLED_PROPERTY = "orders.bench.stats.enabled";

	/**
	 * What the process holds now.
	 * @param collect whether to run a full garbage collection first, so that the heap figure is
	 * what is still reachable: comparable from one sample to the next, at the cost of a pause
	 * @return the figures; {@code -1} for what this platform does not tell
	 */
	@PipeHandler("bench.stats")
	public ProcessStats stats(boolean collect) {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		if (collect) {
			memory.gc();
		}
		return new ProcessStats(memory.getHeapMemoryUsage().getUsed(), residentSetSize(), openDescriptors(),
				ManagementFactory.getThreadMXBean().getThreadCount());
	}

	/**
	 * The open file descriptors, counted in {@code /proc/self/fd} where Linux gives it.
	 */
	private static long openDescriptors() {
		Path descriptors = Path.of("/proc/self/fd");
		if (!Files.isDirectory(descriptors)) {
			return -1;
		}
		try (Stream<Path> entries = Files.list(descriptors)) {
			// One of them is the listing's own.
			return entries.count() - 1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * The resident set size from {@code /proc/self/status}, where Linux gives it.
	 */
	private static long residentSetSize() {
		Path status = Path.of("/proc/self/status");
		if (!Files.isReadable(status)) {
			return -1;
		}
		try {
			List<String> lines = Files.readAllLines(status);
			for (String line : lines) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Not given: reported as unknown.
		}
		return -1;
	}

	/**
	 * What a process holds.
	 *
	 * @param heapUsedBytes heap in use (after a full collection when one was asked for)
	 * @param residentBytes resident set size, or {@code -1}
	 * @param openDescriptors open file descriptors, or {@code -1}
	 * @param threads live threads
	 */
	public record ProcessStats(long heapUsedBytes, long residentBytes, long openDescriptors, int threads) {
	}

}
