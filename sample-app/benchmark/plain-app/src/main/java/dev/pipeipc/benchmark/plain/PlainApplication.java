package dev.pipeipc.benchmark.plain;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.event.EventListener;
import org.springframework.core.metrics.StartupStep;

/**
 * A plain Spring Boot application with Jackson and one bean: the baseline against which the
 * benchmark measures what the pipe-ipc starter adds to startup. It prints {@code benchmark-ready}
 * once the application is ready, which is when the benchmark stops its clock.
 * <p>
 * With {@code -Dbenchmark.startup-steps=FILE} it records Spring's startup steps
 * ({@link BufferingApplicationStartup}) and writes them to the file when ready, one a line: id,
 * parent id, start and duration in microseconds, name and tags; the benchmark's startup analysis
 * reads them. Before it says it is ready it prints the main thread's CPU time so far
 * ({@code benchmark-main-cpu-ns N}), the number of classes the JVM has loaded
 * ({@code benchmark-classes N}) and the CPU time of all its threads ({@code benchmark-process-cpu-ns N}).
 */
@SpringBootApplication
public class PlainApplication {

	private static final String STEPS_PROPERTY = "benchmark.startup-steps";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(PlainApplication.class);
		if (System.getProperty(STEPS_PROPERTY) != null) {
			application.setApplicationStartup(new BufferingApplicationStartup(100_000));
		}
		application.run(args);
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready(ApplicationReadyEvent event) throws IOException {
		String steps = System.getProperty(STEPS_PROPERTY);
		if (steps != null
				&& event.getApplicationContext().getApplicationStartup() instanceof BufferingApplicationStartup buffer) {
			StartupTimeline timeline = buffer.getBufferedTimeline();
			try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(steps)))) {
				for (StartupTimeline.TimelineEvent step : timeline.getEvents()) {
					StartupStep startupStep = step.getStartupStep();
					StringBuilder tags = new StringBuilder();
					startupStep.getTags().forEach((tag) -> tags.append(' ').append(tag.getKey()).append('=').append(tag.getValue()));
					out.printf("%d\t%s\t%d\t%d\t%s\t%s%n", startupStep.getId(), startupStep.getParentId(),
							java.time.Duration.between(timeline.getStartTime(), step.getStartTime()).toNanos() / 1000,
							step.getDuration().toNanos() / 1000, startupStep.getName(), tags.toString().trim());
				}
			}
		}
		// The main thread's CPU time so far: what startup cost it, less sensitive than wall time to
		// other processes on the machine, and without what runs on background threads.
		System.out.println("benchmark-main-cpu-ns " + ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
		System.out.println("benchmark-classes " + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
		// Every thread's CPU time, the compilers' and background threads' included: on a machine
		// whose processors are all busy while an application starts, wall time follows this.
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			System.out.println("benchmark-process-cpu-ns " + os.getProcessCpuTime());
		}
		System.out.println("benchmark-ready");
	}

}
