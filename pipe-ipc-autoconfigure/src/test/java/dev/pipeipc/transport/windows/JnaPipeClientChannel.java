package dev.pipeipc.transport.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;

/**
 * A Win32 named pipe client through jna-platform's Kernel32, written the way classic clients are:
 * {@code CreateFile}, {@code WaitNamedPipe} while busy, synchronous {@code ReadFile} and
 * {@code WriteFile} in byte read mode. Windows only.
 */
final class JnaPipeClientChannel implements ByteChannel {

	private final WinNT.HANDLE handle;

	private volatile boolean open = true;

	private JnaPipeClientChannel(WinNT.HANDLE handle) {
		this.handle = handle;
	}

	static JnaPipeClientChannel open(String name) throws NamedPipeException {
		long deadline = System.nanoTime() + 2_000_000_000L;
		while (true) {
			WinNT.HANDLE handle = Kernel32.INSTANCE.CreateFile(name, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null,
					WinNT.OPEN_EXISTING, 0, null);
			if (handle != null && !WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
				return new JnaPipeClientChannel(handle);
			}
			int error = Native.getLastError();
			if (error != NamedPipeApi.ERROR_PIPE_BUSY || System.nanoTime() - deadline > 0) {
				throw new NamedPipeException("CreateFile", error);
			}
			Kernel32.INSTANCE.WaitNamedPipe(name, 500);
		}
	}

	@Override
	public int read(ByteBuffer destination) throws IOException {
		ensureOpen();
		byte[] buffer = new byte[Math.min(destination.remaining(), 1024 * 1024)];
		IntByReference read = new IntByReference();
		if (!Kernel32.INSTANCE.ReadFile(this.handle, buffer, buffer.length, read, null)) {
			int error = Native.getLastError();
			if (error == NamedPipeApi.ERROR_BROKEN_PIPE || error == NamedPipeApi.ERROR_PIPE_NOT_CONNECTED || !this.open) {
				return -1;
			}
			if (error != NamedPipeApi.ERROR_MORE_DATA) {
				throw new NamedPipeException("ReadFile", error);
			}
		}
		destination.put(buffer, 0, read.getValue());
		return read.getValue();
	}

	@Override
	public int write(ByteBuffer source) throws IOException {
		ensureOpen();
		byte[] message = new byte[source.remaining()];
		source.get(message);
		IntByReference written = new IntByReference();
		if (!Kernel32.INSTANCE.WriteFile(this.handle, message, message.length, written, null)
				|| written.getValue() != message.length) {
			throw new NamedPipeException("WriteFile", Native.getLastError());
		}
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
			Kernel32.INSTANCE.CloseHandle(this.handle);
		}
	}

}
