package dev.pipeipc.transport.windows;

import java.io.IOException;
import java.nio.ByteBuffer;

import dev.pipeipc.transport.ClientChannel;
import dev.pipeipc.transport.TransportSupport;

/**
 * A Win32 named pipe client handle, opened with overlapped I/O so the reader thread's pending
 * {@code ReadFile} never blocks a {@code WriteFile}. Under message framing it reads in message
 * mode and reports where messages end.
 */
public final class NamedPipeClientChannel implements ClientChannel {

	private final NamedPipeApi api;

	private final long handle;

	private byte[] buffer = new byte[64 * 1024];

	private volatile boolean moreData;

	private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

	private NamedPipeClientChannel(NamedPipeApi api, long handle) {
		this.api = api;
		this.handle = handle;
	}

	/**
	 * Open the pipe, waiting with {@code WaitNamedPipe} while every instance is busy.
	 */
	public static NamedPipeClientChannel connect(NamedPipeApi api, String name, boolean messageMode, long deadlineNanos)
			throws IOException {
		while (true) {
			try {
				long handle = api.open(name);
				NamedPipeClientChannel channel = new NamedPipeClientChannel(api, handle);
				if (messageMode) {
					try {
						api.setMessageReadMode(handle);
					}
					catch (NamedPipeException ex) {
						channel.close();
						throw ex;
					}
				}
				return channel;
			}
			catch (NamedPipeException ex) {
				long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
				if (ex.getErrorCode() != NamedPipeApi.ERROR_PIPE_BUSY || left <= 0) {
					throw ex;
				}
				try {
					api.awaitInstance(name, (int) Math.min(left, Integer.MAX_VALUE));
				}
				catch (NamedPipeException timeout) {
					if (timeout.getErrorCode() != NamedPipeApi.ERROR_SEM_TIMEOUT) {
						throw timeout;
					}
				}
			}
		}
	}

	@Override
	public int read(ByteBuffer destination) throws IOException {
		int length = Math.min(destination.remaining(), this.buffer.length);
		NamedPipeApi.ReadResult result = this.api.read(this.handle, this.buffer, 0, length);
		if (result.isEnd() || this.closed.get()) {
			return -1;
		}
		this.moreData = result.moreData();
		destination.put(this.buffer, 0, result.count());
		return result.count();
	}

	@Override
	public boolean messageContinues() {
		return this.moreData;
	}

	@Override
	public void write(ByteBuffer[] buffers) throws IOException {
		byte[] message = TransportSupport.toArray(buffers);
		int length = message.length;
		synchronized (this) {
			if (this.closed.get()) {
				throw new java.nio.channels.ClosedChannelException();
			}
			this.api.write(this.handle, message, 0, length);
		}
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.api.cancel(this.handle);
			synchronized (this) {
				this.api.close(this.handle);
			}
		}
	}

}
