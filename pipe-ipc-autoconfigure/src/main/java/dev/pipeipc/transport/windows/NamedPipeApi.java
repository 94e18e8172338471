package dev.pipeipc.transport.windows;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeer;

/**
 * The Win32 named pipe calls the transport makes, one method per call sequence. Every method may
 * block the calling thread until the operation completes; implementations use overlapped I/O so
 * that calls on one handle may run at the same time from different threads (a read waiting for
 * the client while a reply is written), which synchronous I/O on one handle would deadlock.
 * <p>
 * Handles are opaque numbers owned by the implementation.
 */
public interface NamedPipeApi {

	/** {@code ERROR_FILE_NOT_FOUND}: no pipe of that name exists. */
	int ERROR_FILE_NOT_FOUND = 2;

	/** {@code ERROR_ACCESS_DENIED}: for example a first instance of a name that already exists. */
	int ERROR_ACCESS_DENIED = 5;

	/** {@code ERROR_WRITE_FAULT}: a write sent fewer bytes than asked. */
	int ERROR_WRITE_FAULT = 29;

	/** {@code ERROR_BROKEN_PIPE}: the other end closed. */
	int ERROR_BROKEN_PIPE = 109;

	/** {@code ERROR_SEM_TIMEOUT}: {@code WaitNamedPipe} timed out. */
	int ERROR_SEM_TIMEOUT = 121;

	/** {@code ERROR_PIPE_BUSY}: every instance is in use, or the instance limit is reached. */
	int ERROR_PIPE_BUSY = 231;

	/** {@code ERROR_NO_DATA}: the client closed (before connect, or before a write). */
	int ERROR_NO_DATA = 232;

	/** {@code ERROR_PIPE_NOT_CONNECTED}: the instance was disconnected. */
	int ERROR_PIPE_NOT_CONNECTED = 233;

	/** {@code ERROR_MORE_DATA}: the message is larger than the read buffer; more follows. */
	int ERROR_MORE_DATA = 234;

	/** {@code ERROR_PIPE_CONNECTED}: a client connected before {@code ConnectNamedPipe}. */
	int ERROR_PIPE_CONNECTED = 535;

	/** {@code ERROR_OPERATION_ABORTED}: the operation was cancelled with {@code CancelIoEx}. */
	int ERROR_OPERATION_ABORTED = 995;

	/**
	 * {@code CreateNamedPipe} with {@code PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED} (plus
	 * {@code FILE_FLAG_FIRST_PIPE_INSTANCE} when asked) and
	 * {@code PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT} (plus
	 * {@code PIPE_REJECT_REMOTE_CLIENTS} when asked), with a security descriptor built from an SDDL
	 * string.
	 * @param name the full pipe name, {@code \\.\pipe\...}
	 * @param firstInstance whether to fail if the name already exists
	 * @param maxInstances the instance limit, 1 to 255 ({@code PIPE_UNLIMITED_INSTANCES})
	 * @param outBufferSize the output buffer size hint, in bytes
	 * @param inBufferSize the input buffer size hint, in bytes
	 * @param sddl the security descriptor in SDDL form, or {@code null} for the default
	 * @param rejectRemoteClients whether to refuse clients on other machines
	 * @return the handle of the new instance
	 * @throws NamedPipeException with the Win32 error code
	 */
	long create(String name, boolean firstInstance, int maxInstances, int outBufferSize, int inBufferSize,
			@Nullable String sddl, boolean rejectRemoteClients) throws NamedPipeException;

	/**
	 * {@code ConnectNamedPipe}, overlapped, waiting until a client connects.
	 * @param handle the instance
	 * @return {@code true} when a client is connected (including {@code ERROR_PIPE_CONNECTED}),
	 * {@code false} when the client already left ({@code ERROR_NO_DATA}): disconnect and listen
	 * again
	 * @throws NamedPipeException with {@link #ERROR_OPERATION_ABORTED} after {@link #cancel}, or
	 * another Win32 error code
	 */
	boolean connect(long handle) throws NamedPipeException;

	/**
	 * {@code ReadFile}, overlapped, waiting until data arrives.
	 * @param handle the instance
	 * @param buffer where to put the bytes
	 * @param offset the first index to fill
	 * @param length the most bytes to read
	 * @return what was read, or {@link ReadResult#END} when the client closed or was disconnected
	 * ({@code ERROR_BROKEN_PIPE}, {@code ERROR_PIPE_NOT_CONNECTED})
	 * @throws NamedPipeException with {@link #ERROR_OPERATION_ABORTED} after {@link #cancel}, or
	 * another Win32 error code
	 */
	ReadResult read(long handle, byte[] buffer, int offset, int length) throws NamedPipeException;

	/**
	 * {@code WriteFile}, overlapped, as one message; succeeds only if every byte was written
	 * ({@link #ERROR_WRITE_FAULT} otherwise).
	 * @param handle the instance
	 * @param data the bytes
	 * @param offset the first index to send
	 * @param length how many bytes
	 * @throws NamedPipeException with the Win32 error code ({@code ERROR_NO_DATA} when the client
	 * closed)
	 */
	void write(long handle, byte[] data, int offset, int length) throws NamedPipeException;

	/**
	 * {@code FlushFileBuffers}: wait until the client has read what was written. Errors are ignored.
	 * @param handle the instance
	 */
	void flush(long handle);

	/**
	 * {@code DisconnectNamedPipe}: drop the client; the instance can listen again. Errors are
	 * ignored.
	 * @param handle the instance
	 */
	void disconnect(long handle);

	/**
	 * {@code CancelIoEx(handle, NULL)}: abort every pending operation on the handle. Errors are
	 * ignored.
	 * @param handle the instance
	 */
	void cancel(long handle);

	/**
	 * {@code PeekNamedPipe}: how many bytes the client has written that no read has taken yet,
	 * without taking them. A graceful stop reads these before disconnecting, because
	 * {@code DisconnectNamedPipe} discards them: a request the client wrote whole would otherwise
	 * vanish unanswered.
	 * @param handle a connected instance
	 * @return the bytes waiting, or {@code -1} when the client is gone or the call failed
	 */
	default int available(long handle) {
		return -1;
	}

	/**
	 * {@code CloseHandle}. Errors are ignored.
	 * @param handle the instance
	 */
	void close(long handle);

	/**
	 * {@code GetNamedPipeClientProcessId}.
	 * @param handle a connected instance
	 * @return the client's process id, or {@code -1} if unknown
	 */
	long clientProcessId(long handle);

	/**
	 * The client's user name ({@code GetNamedPipeHandleState}).
	 * @param handle a connected instance
	 * @return the user name, or {@code null} if unknown
	 */
	@Nullable String clientUserName(long handle);

	/**
	 * The client's account and groups, from its access token: {@code ImpersonateNamedPipeClient},
	 * {@code OpenThreadToken}, {@code RevertToSelf} (at once, before anything else runs on the
	 * thread), then {@code GetTokenInformation} for {@code TokenUser} and {@code TokenGroups}.
	 * @param handle a connected instance
	 * @return the account and groups, or {@code null} if the client cannot be impersonated
	 */
	default @Nullable ClientToken clientToken(long handle) {
		return null;
	}

	/**
	 * The account the server of a pipe this process opened runs as:
	 * {@code GetNamedPipeServerProcessId}, {@code OpenProcess}, {@code OpenProcessToken},
	 * {@code GetTokenInformation(TokenUser)}.
	 * @param clientHandle a client handle from {@link #open}
	 * @return the server account's SID, or {@code null} if it cannot be told
	 */
	default @Nullable String serverAccountSid(long clientHandle) {
		return null;
	}

	/**
	 * The account this process runs as, to compare a server's with.
	 * @return its SID, or {@code null} if this implementation cannot tell, in which case clients
	 * do not check their server's account
	 */
	default @Nullable String currentAccountSid() {
		return null;
	}

	/**
	 * Whether a pipe of this name exists ({@code WaitNamedPipe} with a 1 ms timeout: anything but
	 * {@code ERROR_FILE_NOT_FOUND} means it exists).
	 * @param name the full pipe name
	 * @return {@code true} if a server has an instance of this name
	 */
	boolean exists(String name);

	/**
	 * Client side (implementations that serve only servers may leave it out): {@code CreateFile}
	 * on the pipe name with {@code GENERIC_READ | GENERIC_WRITE}
	 * and {@code FILE_FLAG_OVERLAPPED}; {@link #read}, {@link #write} and {@link #close} then work
	 * on the returned handle.
	 * @param name the full pipe name
	 * @return the client handle
	 * @throws NamedPipeException with {@link #ERROR_PIPE_BUSY} when every instance is busy, or
	 * {@link #ERROR_FILE_NOT_FOUND} when no server has the name
	 */
	default long open(String name) throws NamedPipeException {
		throw new UnsupportedOperationException(getClass().getName() + " has no client side");
	}

	/**
	 * Client side: {@code WaitNamedPipe}, until an instance is free or the time is up.
	 * @param name the full pipe name
	 * @param timeoutMillis the longest wait
	 * @throws NamedPipeException with {@link #ERROR_SEM_TIMEOUT} when the time is up
	 */
	default void awaitInstance(String name, int timeoutMillis) throws NamedPipeException {
		throw new UnsupportedOperationException(getClass().getName() + " has no client side");
	}

	/**
	 * Client side: {@code SetNamedPipeHandleState} with {@code PIPE_READMODE_MESSAGE}, so reads
	 * report message boundaries ({@link ReadResult#moreData()}).
	 * @param handle the client handle
	 * @throws NamedPipeException with the Win32 error code
	 */
	default void setMessageReadMode(long handle) throws NamedPipeException {
		throw new UnsupportedOperationException(getClass().getName() + " has no client side");
	}

	/**
	 * The outcome of one {@link #read}.
	 *
	 * @param count bytes read
	 * @param moreData whether the message continues ({@code ERROR_MORE_DATA})
	 */
	record ReadResult(int count, boolean moreData) {

		/** The client closed or was disconnected. */
		public static final ReadResult END = new ReadResult(-1, false);

		/**
		 * Whether the client is gone.
		 * @return {@code true} for {@link #END}
		 */
		public boolean isEnd() {
			return this.count < 0;
		}

	}

	/**
	 * What a client's access token says about it.
	 *
	 * @param userSid the account's SID, such as {@code S-1-5-21-...-1001}
	 * @param userName the account as {@code DOMAIN\name}, if it can be looked up
	 * @param groups the token's groups, each with its SID as id and its {@code DOMAIN\name}
	 */
	record ClientToken(String userSid, @Nullable String userName, List<PipePeer.Group> groups) {

		/**
		 * Create a token, keeping an unmodifiable copy of its groups.
		 */
		public ClientToken {
			groups = List.copyOf(groups);
		}

	}

}
