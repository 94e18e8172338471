package dev.pipeipc.server;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.pipeipc.annotation.PipeHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler whose {@code later} method answers only when the test completes the future it
 * returned, for tests of what happens while a request is in progress.
 */
public final class LaterHandler {

	private final BlockingQueue<CompletableFuture<String>> futures = new LinkedBlockingQueue<>();

	@PipeHandler("later")
	CompletableFuture<String> later() {
		CompletableFuture<String> future = new CompletableFuture<>();
		this.futures.add(future);
		return future;
	}

	/**
	 * The future of the next {@code later} call, waiting for the call a few seconds at most.
	 * @return the future, to be completed by the test
	 * @throws InterruptedException if interrupted while waiting
	 */
	public CompletableFuture<String> next() throws InterruptedException {
		CompletableFuture<String> future = this.futures.poll(5, TimeUnit.SECONDS);
		assertThat(future).as("the 'later' handler was invoked").isNotNull();
		return future;
	}

}
