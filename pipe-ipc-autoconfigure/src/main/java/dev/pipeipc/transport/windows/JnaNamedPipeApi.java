package dev.pipeipc.transport.windows;

import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Advapi32Util.Account;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeer;

/**
 * {@link NamedPipeApi} on Windows, through JNA. Every blocking operation is overlapped with an
 * event of its own and waited for with {@code GetOverlappedResult}, so a read pending on a handle
 * never blocks a write on it, and {@code CancelIoEx} can end any wait. Buffers handed to pending
 * operations are native memory that stays allocated until the operation completes.
 */
public final class JnaNamedPipeApi implements NamedPipeApi {

	private final Win32Pipes.Kernel32 kernel32 = Win32Pipes.Kernel32.INSTANCE;

	@Override
	public long create(String name, boolean firstInstance, int maxInstances, int outBufferSize, int inBufferSize,
			@Nullable String sddl, boolean rejectRemoteClients) throws NamedPipeException {
		int openMode = Win32Pipes.PIPE_ACCESS_DUPLEX | Win32Pipes.FILE_FLAG_OVERLAPPED
				| (firstInstance ? Win32Pipes.FILE_FLAG_FIRST_PIPE_INSTANCE : 0);
		int pipeMode = Win32Pipes.PIPE_TYPE_MESSAGE | Win32Pipes.PIPE_READMODE_MESSAGE | Win32Pipes.PIPE_WAIT
				| (rejectRemoteClients ? Win32Pipes.PIPE_REJECT_REMOTE_CLIENTS : 0);
		Pointer descriptor = null;
		WinBase.SECURITY_ATTRIBUTES attributes = null;
		if (sddl != null) {
			PointerByReference result = new PointerByReference();
			if (!Win32Pipes.Advapi32.INSTANCE.ConvertStringSecurityDescriptorToSecurityDescriptor(sddl,
					Win32Pipes.SDDL_REVISION_1, result, null)) {
				throw new NamedPipeException("ConvertStringSecurityDescriptorToSecurityDescriptor",
						Native.getLastError());
			}
			descriptor = result.getValue();
			attributes = new WinBase.SECURITY_ATTRIBUTES();
			attributes.lpSecurityDescriptor = descriptor;
			attributes.bInheritHandle = false;
			attributes.write();
		}
		try {
			WinNT.HANDLE handle = this.kernel32.CreateNamedPipe(name, openMode, pipeMode, maxInstances, outBufferSize,
					inBufferSize, 0, attributes);
			if (handle == null || WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
				throw new NamedPipeException("CreateNamedPipe", Native.getLastError());
			}
			return Pointer.nativeValue(handle.getPointer());
		}
		finally {
			if (descriptor != null) {
				this.kernel32.LocalFree(descriptor);
			}
		}
	}

	@Override
	public boolean connect(long handle) throws NamedPipeException {
		try (Operation operation = new Operation(handle)) {
			if (this.kernel32.ConnectNamedPipe(operation.pipe, operation.overlapped)) {
				return true;
			}
			int error = Native.getLastError();
			if (error == ERROR_PIPE_CONNECTED) {
				return true;
			}
			if (error == ERROR_NO_DATA) {
				return false;
			}
			if (error != Win32Pipes.ERROR_IO_PENDING) {
				throw new NamedPipeException("ConnectNamedPipe", error);
			}
			operation.await("ConnectNamedPipe");
			return true;
		}
	}

	@Override
	public ReadResult read(long handle, byte[] buffer, int offset, int length) throws NamedPipeException {
		try (Operation operation = new Operation(handle); Memory memory = new Memory(Math.max(1, length))) {
			IntByReference read = new IntByReference();
			boolean more = false;
			int count;
			if (this.kernel32.ReadFile(operation.pipe, memory, length, read, operation.overlapped)) {
				count = read.getValue();
			}
			else {
				int error = Native.getLastError();
				if (error == Win32Pipes.ERROR_IO_PENDING) {
					try {
						count = operation.await("ReadFile");
					}
					catch (NamedPipeException ex) {
						if (ex.getErrorCode() != ERROR_MORE_DATA) {
							return endOrThrow(ex);
						}
						count = operation.transferred();
						more = true;
					}
				}
				else if (error == ERROR_MORE_DATA) {
					count = read.getValue();
					more = true;
				}
				else {
					return endOrThrow(new NamedPipeException("ReadFile", error));
				}
			}
			memory.read(0, buffer, offset, count);
			return new ReadResult(count, more);
		}
	}

	private static ReadResult endOrThrow(NamedPipeException ex) throws NamedPipeException {
		int code = ex.getErrorCode();
		if (code == ERROR_BROKEN_PIPE || code == ERROR_PIPE_NOT_CONNECTED) {
			return ReadResult.END;
		}
		throw ex;
	}

	@Override
	public void write(long handle, byte[] data, int offset, int length) throws NamedPipeException {
		try (Operation operation = new Operation(handle); Memory memory = new Memory(Math.max(1, length))) {
			memory.write(0, data, offset, length);
			IntByReference written = new IntByReference();
			int count;
			if (this.kernel32.WriteFile(operation.pipe, memory, length, written, operation.overlapped)) {
				count = written.getValue();
			}
			else {
				int error = Native.getLastError();
				if (error != Win32Pipes.ERROR_IO_PENDING) {
					throw new NamedPipeException("WriteFile", error);
				}
				count = operation.await("WriteFile");
			}
			if (count != length) {
				throw new NamedPipeException("WriteFile (" + count + " of " + length + " bytes)", ERROR_WRITE_FAULT);
			}
		}
	}

	@Override
	public void flush(long handle) {
		this.kernel32.FlushFileBuffers(pipe(handle));
	}

	@Override
	public void disconnect(long handle) {
		this.kernel32.DisconnectNamedPipe(pipe(handle));
	}

	@Override
	public void cancel(long handle) {
		this.kernel32.CancelIoEx(pipe(handle), null);
	}

	@Override
	public int available(long handle) {
		IntByReference available = new IntByReference();
		if (!this.kernel32.PeekNamedPipe(pipe(handle), null, 0, null, available, null)) {
			return -1;
		}
		return available.getValue();
	}

	@Override
	public void close(long handle) {
		this.kernel32.CloseHandle(pipe(handle));
	}

	@Override
	public long clientProcessId(long handle) {
		IntByReference processId = new IntByReference();
		return this.kernel32.GetNamedPipeClientProcessId(pipe(handle), processId)
				? Integer.toUnsignedLong(processId.getValue()) : -1;
	}

	@Override
	public @Nullable String clientUserName(long handle) {
		char[] name = new char[257];
		if (!this.kernel32.GetNamedPipeHandleState(pipe(handle), null, null, null, null, name, name.length)) {
			return null;
		}
		String user = Native.toString(name);
		return user.isEmpty() ? null : user;
	}

	@Override
	public boolean exists(String name) {
		if (this.kernel32.WaitNamedPipe(name, 1)) {
			return true;
		}
		return Native.getLastError() != ERROR_FILE_NOT_FOUND;
	}

	@Override
	public long open(String name) throws NamedPipeException {
		WinNT.HANDLE handle = this.kernel32.CreateFile(name, Win32Pipes.GENERIC_READ | Win32Pipes.GENERIC_WRITE, 0,
				null, Win32Pipes.OPEN_EXISTING, Win32Pipes.FILE_FLAG_OVERLAPPED, null);
		if (handle == null || WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
			throw new NamedPipeException("CreateFile", Native.getLastError());
		}
		return Pointer.nativeValue(handle.getPointer());
	}

	@Override
	public void awaitInstance(String name, int timeoutMillis) throws NamedPipeException {
		if (!this.kernel32.WaitNamedPipe(name, timeoutMillis)) {
			throw new NamedPipeException("WaitNamedPipe", Native.getLastError());
		}
	}

	@Override
	public void setMessageReadMode(long handle) throws NamedPipeException {
		IntByReference mode = new IntByReference(Win32Pipes.PIPE_READMODE_MESSAGE);
		if (!this.kernel32.SetNamedPipeHandleState(pipe(handle), mode, null, null)) {
			throw new NamedPipeException("SetNamedPipeHandleState", Native.getLastError());
		}
	}

	@Override
	public @Nullable ClientToken clientToken(long handle) {
		if (!Win32Pipes.Advapi32.INSTANCE.ImpersonateNamedPipeClient(pipe(handle))) {
			return null;
		}
		WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
		boolean opened;
		try {
			opened = Advapi32.INSTANCE.OpenThreadToken(Kernel32.INSTANCE.GetCurrentThread(), WinNT.TOKEN_QUERY, true,
					token);
		}
		finally {
			// Back to the server's own identity before anything else runs on this thread.
			if (!Advapi32.INSTANCE.RevertToSelf()) {
				throw new IllegalStateException("RevertToSelf failed (" + Native.getLastError()
						+ "): the thread would keep running as the pipe's client");
			}
		}
		if (!opened) {
			return null;
		}
		try {
			Account user = Advapi32Util.getTokenAccount(token.getValue());
			List<PipePeer.Group> groups = new ArrayList<>();
			for (Account group : Advapi32Util.getTokenGroups(token.getValue())) {
				groups.add(new PipePeer.Group(group.fqn, group.sidString));
			}
			return new ClientToken(user.sidString, user.fqn, groups);
		}
		catch (Win32Exception ex) {
			return null;
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(token.getValue());
		}
	}

	@Override
	public @Nullable String serverAccountSid(long clientHandle) {
		IntByReference processId = new IntByReference();
		if (!this.kernel32.GetNamedPipeServerProcessId(pipe(clientHandle), processId)) {
			return null;
		}
		WinNT.HANDLE process = Kernel32.INSTANCE.OpenProcess(WinNT.PROCESS_QUERY_LIMITED_INFORMATION, false,
				processId.getValue());
		if (process == null) {
			return null;
		}
		try {
			return processAccountSid(process);
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(process);
		}
	}

	@Override
	public @Nullable String currentAccountSid() {
		return processAccountSid(Kernel32.INSTANCE.GetCurrentProcess());
	}

	private static @Nullable String processAccountSid(WinNT.HANDLE process) {
		WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
		if (!Advapi32.INSTANCE.OpenProcessToken(process, WinNT.TOKEN_QUERY, token)) {
			return null;
		}
		try {
			return Advapi32Util.getTokenAccount(token.getValue()).sidString;
		}
		catch (Win32Exception ex) {
			return null;
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(token.getValue());
		}
	}

	private static WinNT.HANDLE pipe(long handle) {
		return new WinNT.HANDLE(new Pointer(handle));
	}

	/**
	 * One overlapped operation: its own manual-reset event and OVERLAPPED structure, released when
	 * the operation is over.
	 */
	private final class Operation implements AutoCloseable {

		final WinNT.HANDLE pipe;

		final WinBase.OVERLAPPED overlapped = new WinBase.OVERLAPPED();

		private final IntByReference transferred = new IntByReference();

		Operation(long handle) throws NamedPipeException {
			this.pipe = pipe(handle);
			this.overlapped.hEvent = JnaNamedPipeApi.this.kernel32.CreateEvent(null, true, false, null);
			if (this.overlapped.hEvent == null) {
				throw new NamedPipeException("CreateEvent", Native.getLastError());
			}
			this.overlapped.write();
			// From here on only the kernel writes the structure: JNA must not copy stale Java
			// fields (Internal = STATUS_PENDING) over a result the kernel stored meanwhile.
			this.overlapped.setAutoSynch(false);
		}

		/**
		 * Wait for the pending operation.
		 * @return bytes transferred
		 */
		int await(String function) throws NamedPipeException {
			if (!JnaNamedPipeApi.this.kernel32.GetOverlappedResult(this.pipe, this.overlapped, this.transferred,
					true)) {
				throw new NamedPipeException(function, Native.getLastError());
			}
			return this.transferred.getValue();
		}

		int transferred() {
			return this.transferred.getValue();
		}

		@Override
		public void close() {
			JnaNamedPipeApi.this.kernel32.CloseHandle(this.overlapped.hEvent);
		}

	}

}
