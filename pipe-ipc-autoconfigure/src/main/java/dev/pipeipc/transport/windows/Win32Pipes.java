package dev.pipeipc.transport.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import org.jspecify.annotations.Nullable;

/**
 * The Kernel32 and Advapi32 functions the transport calls, bound with JNA's wide-character
 * options. jna-platform's {@code Kernel32} lacks {@code GetOverlappedResult} and {@code CancelIoEx}
 * and declares reads and writes on Java arrays, which overlapped I/O cannot use (the system writes
 * into the buffer after the call returns), so the calls are declared here on native memory.
 * Loaded only on Windows.
 */
interface Win32Pipes {

	int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;

	int FILE_FLAG_OVERLAPPED = 0x40000000;

	int PIPE_ACCESS_DUPLEX = 0x00000003;

	int PIPE_TYPE_MESSAGE = 0x00000004;

	int PIPE_READMODE_MESSAGE = 0x00000002;

	int PIPE_WAIT = 0x00000000;

	int PIPE_REJECT_REMOTE_CLIENTS = 0x00000008;

	int ERROR_IO_PENDING = 997;

	int GENERIC_READ = 0x80000000;

	int GENERIC_WRITE = 0x40000000;

	int OPEN_EXISTING = 3;

	int SDDL_REVISION_1 = 1;

	/**
	 * Kernel32 functions.
	 */
	interface Kernel32 extends StdCallLibrary {

		Kernel32 INSTANCE = Native.load("kernel32", Kernel32.class, W32APIOptions.DEFAULT_OPTIONS);

		WinNT.HANDLE CreateNamedPipe(String name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
				int inBufferSize, int defaultTimeout, WinBase.@Nullable SECURITY_ATTRIBUTES securityAttributes);

		boolean ConnectNamedPipe(WinNT.HANDLE pipe, WinBase.OVERLAPPED overlapped);

		boolean ReadFile(WinNT.HANDLE file, Pointer buffer, int bytesToRead, IntByReference bytesRead,
				WinBase.OVERLAPPED overlapped);

		boolean WriteFile(WinNT.HANDLE file, Pointer buffer, int bytesToWrite, IntByReference bytesWritten,
				WinBase.OVERLAPPED overlapped);

		boolean GetOverlappedResult(WinNT.HANDLE file, WinBase.OVERLAPPED overlapped, IntByReference transferred,
				boolean wait);

		boolean CancelIoEx(WinNT.HANDLE file, WinBase.@Nullable OVERLAPPED overlapped);

		boolean PeekNamedPipe(WinNT.HANDLE pipe, @Nullable Pointer buffer, int bufferSize,
				@Nullable IntByReference bytesRead, IntByReference totalBytesAvailable,
				@Nullable IntByReference bytesLeftThisMessage);

		boolean FlushFileBuffers(WinNT.HANDLE file);

		boolean DisconnectNamedPipe(WinNT.HANDLE pipe);

		boolean CloseHandle(WinNT.HANDLE handle);

		WinNT.HANDLE CreateEvent(WinBase.@Nullable SECURITY_ATTRIBUTES attributes, boolean manualReset,
				boolean initialState, @Nullable String name);

		boolean GetNamedPipeClientProcessId(WinNT.HANDLE pipe, IntByReference processId);

		boolean GetNamedPipeServerProcessId(WinNT.HANDLE pipe, IntByReference serverProcessId);

		boolean GetNamedPipeHandleState(WinNT.HANDLE pipe, @Nullable IntByReference state,
				@Nullable IntByReference instances, @Nullable IntByReference maxCollectionCount,
				@Nullable IntByReference collectDataTimeout, char[] userName,
				int userNameSize);

		boolean WaitNamedPipe(String name, int timeout);

		WinNT.HANDLE CreateFile(String name, int access, int shareMode,
				WinBase.@Nullable SECURITY_ATTRIBUTES attributes, int creationDisposition, int flags,
				WinNT.@Nullable HANDLE template);

		boolean SetNamedPipeHandleState(WinNT.HANDLE pipe, IntByReference mode,
				@Nullable IntByReference maxCollectionCount, @Nullable IntByReference collectDataTimeout);

		Pointer LocalFree(Pointer memory);

		int GetLastError();

	}

	/**
	 * Advapi32 functions.
	 */
	interface Advapi32 extends StdCallLibrary {

		Advapi32 INSTANCE = Native.load("advapi32", Advapi32.class, W32APIOptions.DEFAULT_OPTIONS);

		boolean ConvertStringSecurityDescriptorToSecurityDescriptor(String sddl, int revision,
				PointerByReference securityDescriptor, @Nullable IntByReference size);

		boolean ImpersonateNamedPipeClient(WinNT.HANDLE pipe);

	}

}
