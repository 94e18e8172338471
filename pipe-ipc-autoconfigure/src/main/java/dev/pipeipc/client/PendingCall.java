package dev.pipeipc.client;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A call waiting for its answer: its id, the method (for error messages), the type to read the
 * result as, the future its caller holds, and once sent the connection that carries it.
 * <p>
 * When the future completes exceptionally from outside (the caller cancels it, or the request
 * timeout fails it) while the call is still waiting on its connection, the connection forgets it
 * and asks the server to cancel it: the server should not keep working for nobody.
 *
 * @param <T> the result type
 */
final class PendingCall<T> {

	private final long id;

	private final String method;

	private final JavaType resultType;

	private final CompletableFuture<T> future = new CompletableFuture<>();

	private volatile @Nullable Connection connection;

	private volatile @Nullable Thread waiter;

	PendingCall(long id, String method, JavaType resultType) {
		this.id = id;
		this.method = method;
		this.resultType = resultType;
		this.future.whenComplete((result, ex) -> {
			Connection sentOn = this.connection;
			if (ex != null && sentOn != null && sentOn.forget(this)) {
				sentOn.sendCancel(this.id);
			}
			Thread waiting = this.waiter;
			if (waiting != null && waiting != Thread.currentThread() && sentOn != null) {
				sentOn.wake(waiting);
			}
		});
	}

	long id() {
		return this.id;
	}

	String method() {
		return this.method;
	}

	CompletableFuture<T> future() {
		return this.future;
	}

	/**
	 * Note the connection that carries this call, before it is written.
	 */
	void sentOn(Connection connection) {
		this.connection = connection;
	}

	/**
	 * Note the thread that waits for this call on its connection, to be woken when another thread
	 * completes it.
	 */
	void waitingThread(Thread thread) {
		this.waiter = thread;
	}

	JavaType resultType() {
		return this.resultType;
	}

	/**
	 * Whether the result is not read ({@code void} or {@code Void}).
	 */
	boolean readsNoResult() {
		Class<?> raw = this.resultType.getRawClass();
		return raw == void.class || raw == Void.class;
	}

	/**
	 * Complete with a result read as the result type.
	 * @param result the result
	 */
	@SuppressWarnings("unchecked")
	void completeWith(@Nullable Object result) {
		this.future.complete((T) result);
	}

	/**
	 * Complete with the answer's {@code result} member, read as the result type.
	 * @param result the result node (a missing node when the answer had none)
	 * @param mapper the mapper to read it with
	 */
	@SuppressWarnings("unchecked")
	void complete(JsonNode result, ObjectMapper mapper) {
		Class<?> raw = this.resultType.getRawClass();
		if (raw == void.class || raw == Void.class) {
			this.future.complete(null);
			return;
		}
		try {
			this.future.complete((T) mapper.treeToValue(result, this.resultType));
		}
		catch (JacksonException ex) {
			this.future.completeExceptionally(new PipeClientException("Result of method '" + this.method
					+ "' cannot be read as " + this.resultType.toCanonical() + ": " + ex.getOriginalMessage(), ex));
		}
	}

	/**
	 * Fail the call.
	 * @param failure why
	 */
	void fail(Throwable failure) {
		this.future.completeExceptionally(failure);
	}

}
