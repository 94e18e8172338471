package dev.pipeipc.transport.windows.wine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;

/**
 * A {@link NamedPipeApi} that delegates every call and records what the transport asked for: the
 * arguments of every {@code CreateNamedPipe}, every {@code CloseHandle}, and how many reads
 * returned part of a message.
 * <p>
 * Why: the security settings must reach every instance, not only the first, and stopping a server
 * must close each instance handle exactly once; both are visible only at this boundary. Being no
 * {@link AutoCloseable}, it also keeps an application context that has it as a bean from closing
 * the shared bridge behind it.
 * <p>
 * It can also make {@code CloseHandle} slow, as it may be on a loaded machine, so that a test can
 * tell whether the transport waits for it before reporting that it has stopped.
 */
final class RecordingNamedPipeApi extends DelegatingNamedPipeApi {

	private final List<Create> creates = new CopyOnWriteArrayList<>();

	private final Set<Long> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger closes = new AtomicInteger();

	private final AtomicInteger partialReads = new AtomicInteger();

	private final Duration closeDelay;

	RecordingNamedPipeApi(NamedPipeApi delegate) {
		this(delegate, Duration.ZERO);
	}

	/**
	 * Record the calls to {@code delegate}, each {@link #close(long)} taking at least
	 * {@code closeDelay}.
	 * @param delegate the real calls
	 * @param closeDelay how long each {@code CloseHandle} takes at least
	 */
	RecordingNamedPipeApi(NamedPipeApi delegate, Duration closeDelay) {
		super(delegate);
		this.closeDelay = closeDelay;
	}

	/**
	 * The instances created so far, in order.
	 * @return the recorded {@code create} calls that succeeded
	 */
	List<Create> creates() {
		return List.copyOf(this.creates);
	}

	/**
	 * How many times {@link #close(long)} returned.
	 * @return the number of completed {@code CloseHandle} calls
	 */
	int closes() {
		return this.closes.get();
	}

	/**
	 * How many reads returned part of a message ({@code ERROR_MORE_DATA}).
	 * @return the number of partial reads
	 */
	int partialReads() {
		return this.partialReads.get();
	}

	/**
	 * The handles created and not closed yet.
	 * @return a snapshot of the open handles
	 */
	Set<Long> openHandles() {
		return Set.copyOf(this.open);
	}

	@Override
	public long create(String name, boolean firstInstance, int maxInstances, int outBufferSize, int inBufferSize,
			@Nullable String sddl, boolean rejectRemoteClients) throws NamedPipeException {
		long handle = this.delegate.create(name, firstInstance, maxInstances, outBufferSize, inBufferSize, sddl,
				rejectRemoteClients);
		this.open.add(handle);
		this.creates.add(new Create(name, firstInstance, maxInstances, outBufferSize, inBufferSize, sddl,
				rejectRemoteClients, handle));
		return handle;
	}

	@Override
	public ReadResult read(long handle, byte[] buffer, int offset, int length) throws NamedPipeException {
		ReadResult result = this.delegate.read(handle, buffer, offset, length);
		if (result.moreData()) {
			this.partialReads.incrementAndGet();
		}
		return result;
	}

	/**
	 * Counted once {@code CloseHandle} has returned: only then is the instance gone. The delay
	 * stands for a slow {@code CloseHandle} (latency injected into the call), not for waiting on
	 * something.
	 */
	@Override
	public void close(long handle) {
		if (!this.closeDelay.isZero()) {
			try {
				Thread.sleep(this.closeDelay.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.delegate.close(handle);
		this.open.remove(handle);
		this.closes.incrementAndGet();
	}

	/**
	 * One successful {@link #create} call.
	 *
	 * @param name the full pipe name
	 * @param firstInstance whether {@code FILE_FLAG_FIRST_PIPE_INSTANCE} was asked for
	 * @param maxInstances the instance limit
	 * @param outBufferSize the output buffer size
	 * @param inBufferSize the input buffer size
	 * @param sddl the security descriptor
	 * @param rejectRemoteClients whether {@code PIPE_REJECT_REMOTE_CLIENTS} was asked for
	 * @param handle the handle returned
	 */
	record Create(String name, boolean firstInstance, int maxInstances, int outBufferSize, int inBufferSize,
			@Nullable String sddl, boolean rejectRemoteClients, long handle) {

	}

}
