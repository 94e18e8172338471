package dev.pipeipc.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A remote stream as a blocking {@link Iterator}: the consumer's thread takes the buffered values,
 * reads each as the element type, and waits for the next batch only once the buffer is empty. The
 * wait ends with the answer, or with the failure the client's request timeout (or a lost
 * connection) gives the pull. Reading values on the consumer's thread keeps the client's reading
 * thread free for other calls' answers.
 *
 * @param <T> the element type
 */
final class EnumeratorIterator<T> implements Iterator<T> {

	private final RemoteEnumerator enumerator;

	private final Function<JsonNode, T> reader;

	private final String what;

	private @Nullable JsonNode next;

	EnumeratorIterator(RemoteEnumerator enumerator, Function<JsonNode, T> reader, String what) {
		this.enumerator = enumerator;
		this.reader = reader;
		this.what = what;
	}

	@Override
	public boolean hasNext() {
		while (this.next == null) {
			JsonNode value = this.enumerator.poll();
			if (value != null) {
				this.next = value;
				return true;
			}
			if (this.enumerator.isDone()) {
				RuntimeException failure = this.enumerator.failure();
				if (failure != null) {
					throw failure;
				}
				return false;
			}
			CompletableFuture<@Nullable Void> answered = this.enumerator.fetch();
			if (answered != null) {
				await(answered);
			}
		}
		return true;
	}

	@Override
	public @Nullable T next() {
		if (!hasNext()) {
			throw new NoSuchElementException("Stream of " + this.what + " has no more values");
		}
		JsonNode value = Objects.requireNonNull(this.next, "hasNext() left a value");
		this.next = null;
		try {
			return this.reader.apply(value);
		}
		catch (RuntimeException ex) {
			this.enumerator.close();
			throw ex;
		}
	}

	private void await(CompletableFuture<@Nullable Void> answered) {
		try {
			answered.get();
		}
		catch (InterruptedException ex) {
			this.enumerator.close();
			Thread.currentThread().interrupt();
			throw new PipeClientException("Interrupted while waiting for the next values of " + this.what, ex);
		}
		catch (ExecutionException ex) {
			// Never: the answer's failure is recorded by the enumerator, which completes this normally.
			throw new IllegalStateException(ex);
		}
	}

}
