package dev.pipeipc.transport.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.ClientChannel;
import dev.pipeipc.transport.PipeServerTrustException;
import dev.pipeipc.transport.TransportSupport;

/**
 * A Win32 named pipe client handle, opened with overlapped I/O so the reader thread's pending
 * {@code ReadFile} never blocks a {@code WriteFile}. In message read mode it hands the reader whole
 * messages, reassembled from their {@code ERROR_MORE_DATA} parts by a {@link MessageAssembler}.
 */
public final class NamedPipeClientChannel implements ClientChannel {

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private final NamedPipeApi api;

	private final long handle;

	private final byte[] buffer = new byte[READ_BUFFER_SIZE];

	private final @Nullable MessageAssembler assembler;

	private final AtomicBoolean closed = new AtomicBoolean();

	private NamedPipeClientChannel(NamedPipeApi api, long handle, @Nullable MessageAssembler assembler) {
		this.api = api;
		this.handle = handle;
		this.assembler = assembler;
	}

	/**
	 * Open the pipe, waiting with {@code WaitNamedPipe} while every instance is busy, and check
	 * that its server runs as this process's account (or the trusted one), as .NET's
	 * {@code PipeOptions.CurrentUserOnly} does, before a byte is sent. An API that cannot tell this
	 * process's account ({@link NamedPipeApi#currentAccountSid()} is {@code null}) skips the check.
	 * @param api the Win32 calls
	 * @param name the pipe name, {@code \\.\pipe\...}
	 * @param messageMode whether to read in message mode and hand on whole messages
	 * @param maxMessageSize the largest message accepted in message mode, in bytes
	 * @param deadlineNanos until when ({@link System#nanoTime()}) to wait for a busy pipe
	 * @param trustedUser the SID of another account whose server to accept, or {@code null}
	 * @return the open channel
	 * @throws PipeServerTrustException if the server runs as another account
	 * @throws NamedPipeException if the pipe is missing, or stays busy until the deadline
	 */
	public static NamedPipeClientChannel connect(NamedPipeApi api, String name, boolean messageMode,
			int maxMessageSize, long deadlineNanos, @Nullable String trustedUser) throws IOException {
		NamedPipeClientChannel channel = connect(api, name, messageMode, maxMessageSize, deadlineNanos);
		String own = api.currentAccountSid();
		if (own == null) {
			return channel;
		}
		String server = api.serverAccountSid(channel.handle);
		if (own.equals(server) || (server != null && server.equals(trustedUser))) {
			return channel;
		}
		channel.close();
		String found = (server != null) ? server : "?";
		throw new PipeServerTrustException(name, found, (server != null)
				? "The server of pipe '" + name + "' runs as account " + server + ", not as this process's " + own
						+ ((trustedUser != null) ? " nor as the trusted " + trustedUser : "")
						+ ", so it may be an impostor that took the name first. Check which process serves it, or"
						+ " trust that account explicitly (server user setting of the client, by SID)."
				: "The account of the server of pipe '" + name + "' could not be read, so the client refuses it.");
	}

	/**
	 * Open a client connection without checking the server's account; see the overload with a
	 * trusted user for the check.
	 * @param api the Win32 calls
	 * @param name the full pipe name
	 * @param messageMode whether to read in message mode
	 * @param maxMessageSize the largest message reassembled in message mode
	 * @param deadlineNanos until when to wait for a busy pipe
	 * @return the channel
	 * @throws NamedPipeException if the pipe is missing or stays busy
	 */
	public static NamedPipeClientChannel connect(NamedPipeApi api, String name, boolean messageMode,
			int maxMessageSize, long deadlineNanos) throws NamedPipeException {
		MessageAssembler assembler = messageMode ? new MessageAssembler(name, maxMessageSize) : null;
		while (true) {
			try {
				long handle = api.open(name);
				NamedPipeClientChannel channel = new NamedPipeClientChannel(api, handle, assembler);
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
				awaitInstance(api, name, left);
			}
		}
	}

	private static void awaitInstance(NamedPipeApi api, String name, long timeoutMillis) throws NamedPipeException {
		try {
			api.awaitInstance(name, (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
		}
		catch (NamedPipeException timeout) {
			if (timeout.getErrorCode() != NamedPipeApi.ERROR_SEM_TIMEOUT) {
				throw timeout;
			}
		}
	}

	@Override
	public @Nullable ByteBuffer read() throws IOException {
		while (true) {
			NamedPipeApi.ReadResult result = this.api.read(this.handle, this.buffer, 0, this.buffer.length);
			if (result.isEnd() || this.closed.get()) {
				return null;
			}
			if (this.assembler == null) {
				return ByteBuffer.wrap(this.buffer, 0, result.count());
			}
			ByteBuffer message = this.assembler.add(this.buffer, result.count(), result.moreData());
			if (message != null) {
				return message;
			}
		}
	}

	@Override
	public void write(ByteBuffer[] buffers) throws IOException {
		byte[] message = TransportSupport.toArray(buffers);
		synchronized (this) {
			if (this.closed.get()) {
				throw new ClosedChannelException();
			}
			this.api.write(this.handle, message, 0, message.length);
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
