package dev.pipeipc.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import dev.pipeipc.annotation.PipeHandler;

/**
 * The server of {@link HalfSentBodiesForkedTests}, run in a JVM of its own with a small heap: a
 * JSON-RPC server with the default memory budget (or {@code -Dpipe.memory-budget=<bytes>}), and a
 * {@code status} method that tells whether it is failed and what partly received bodies hold.
 */
public final class HalfSentBodiesServer {

	private HalfSentBodiesServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		AtomicReference<PipeServer> server = new AtomicReference<>();
		long budget = Long.getLong("pipe.memory-budget", -1);
		TestPipeServer running = TestPipeServer.on(Path.of(args[0]))
			.name("half-sent")
			.with((builder) -> {
				if (budget > 0) {
					builder.memoryBudget(budget);
				}
			})
			.handlers(new Status(server))
			.build();
		server.set(running.server());
		running.start();
		System.out.println("listening with a memory budget of " + running.server().getMemoryBudget() + " bytes");
		new CountDownLatch(1).await();
	}

	static final class Status {

		private final AtomicReference<PipeServer> server;

		Status(AtomicReference<PipeServer> server) {
			this.server = server;
		}

		@PipeHandler("status")
		Map<String, Object> status() {
			PipeServer current = this.server.get();
			Runtime runtime = Runtime.getRuntime();
			Map<String, Object> status = new LinkedHashMap<>();
			status.put("failed", current.isFailed());
			status.put("memoryBudget", current.getMemoryBudget());
			status.put("memoryInUse", current.getMemoryInUse());
			status.put("heapUsed", runtime.totalMemory() - runtime.freeMemory());
			status.put("maxHeap", runtime.maxMemory());
			return status;
		}

	}

}
