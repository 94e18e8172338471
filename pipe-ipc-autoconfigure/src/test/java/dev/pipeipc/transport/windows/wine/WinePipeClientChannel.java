package dev.pipeipc.transport.windows.wine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;

import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;

/**
 * A Win32 named pipe client handle (opened through the Wine bridge) as a {@link ByteChannel}, so
 * the stream-oriented test client can speak to the Windows transport like to a socket. Each write
 * is one pipe message; reads take the bytes as they come, across message boundaries.
 */
public final class WinePipeClientChannel implements ByteChannel {

	private final WineNamedPipeApi api;

	private final long handle;

	private volatile boolean open = true;

	private WinePipeClientChannel(WineNamedPipeApi api, long handle) {
		this.api = api;
		this.handle = handle;
	}

	/**
	 * Open a client connection to a pipe the way Win32 clients do: when every instance is busy
	 * ({@code ERROR_PIPE_BUSY}), {@code WaitNamedPipe} and try again, for at most two seconds.
	 * @param api the bridge that acts as the client process
	 * @param name the full pipe name
	 * @return the channel
	 * @throws NamedPipeException with {@link NamedPipeApi#ERROR_PIPE_BUSY} when the pipe stays
	 * busy, or {@link NamedPipeApi#ERROR_FILE_NOT_FOUND} when there is no such pipe
	 */
	public static WinePipeClientChannel open(WineNamedPipeApi api, String name) throws NamedPipeException {
		long deadline = System.nanoTime() + 2_000_000_000L;
		while (true) {
			try {
				return new WinePipeClientChannel(api, api.clientOpen(name));
			}
			catch (NamedPipeException ex) {
				if (ex.getErrorCode() != NamedPipeApi.ERROR_PIPE_BUSY || System.nanoTime() - deadline > 0) {
					throw ex;
				}
				try {
					api.clientWait(name, 500);
				}
				catch (NamedPipeException timeout) {
					// Still busy: try to open again until the deadline.
				}
			}
		}
	}

	@Override
	public int read(ByteBuffer destination) throws IOException {
		ensureOpen();
		byte[] buffer = new byte[Math.min(destination.remaining(), 1024 * 1024)];
		NamedPipeApi.ReadResult result = this.api.read(this.handle, buffer, 0, buffer.length);
		if (result.isEnd() || !this.open) {
			return -1;
		}
		destination.put(buffer, 0, result.count());
		return result.count();
	}

	@Override
	public int write(ByteBuffer source) throws IOException {
		ensureOpen();
		byte[] message = new byte[source.remaining()];
		source.get(message);
		this.api.write(this.handle, message, 0, message.length);
		return message.length;
	}

	private void ensureOpen() throws ClosedChannelException {
		if (!this.open) {
			throw new ClosedChannelException();
		}
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

	@Override
	public void close() {
		if (this.open) {
			this.open = false;
			this.api.close(this.handle);
		}
	}

	@Override
	public String toString() {
		return "Win32 pipe client handle " + this.handle;
	}

}
