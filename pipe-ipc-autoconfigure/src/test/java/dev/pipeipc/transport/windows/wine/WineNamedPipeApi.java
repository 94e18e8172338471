package dev.pipeipc.transport.windows.wine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link NamedPipeApi} whose calls run for real, in Win32, under Wine: each call is sent to
 * {@code pipe-bridge.exe} (see {@code src/test/win32/pipe-bridge.c}) as one line, and the bridge
 * performs it on its own thread with overlapped I/O and answers with one line.
 * <p>
 * Why: on Linux JNA cannot load {@code kernel32}, yet the Windows transport's logic has to be
 * checked against genuine named pipe behaviour (message mode, {@code ERROR_MORE_DATA},
 * {@code ERROR_PIPE_CONNECTED}, {@code ERROR_NO_DATA}, cancellation, instance limits). This class
 * lets the transport, unchanged, drive real pipes; tests can also act as a Win32 client through the
 * extra {@code client*} methods (the same {@link #read}, {@link #write} and {@link #close} work
 * on client handles).
 * <p>
 * Many threads may call at once: every request carries an id, a reader thread completes the
 * matching future, and the bridge runs requests concurrently, so a blocking {@link #connect} or
 * {@link #read} never holds up another call. Like the native calls it stands for, a waiting call
 * ignores interrupts: {@link #cancel} or {@link #close(long)} the handle, or {@link #close()} this
 * bridge, to release it. When the bridge is gone, calls throw {@link IllegalStateException}.
 */
public final class WineNamedPipeApi implements NamedPipeApi, AutoCloseable {

	private static final HexFormat HEX = HexFormat.of();

	private static final int STDERR_KEPT = 8192;

	private final Process process;

	private final OutputStream requests;

	private final Object writeLock = new Object();

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, CompletableFuture<String[]>> pending = new ConcurrentHashMap<>();

	private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

	private final long bridgeProcessId;

	private volatile boolean closed;

	private volatile @Nullable String failure;

	/**
	 * Start a bridge with the module's toolchain (compiling it and creating the Wine prefix if
	 * needed) and wait until it answers.
	 * @return the running bridge
	 * @throws IOException if the bridge cannot be started
	 */
	public static WineNamedPipeApi start() throws IOException {
		return new WineNamedPipeApi(WineToolchain.get());
	}

	/**
	 * Start a bridge and wait until it answers.
	 * @param toolchain the toolchain that builds and runs it
	 * @throws IOException if the bridge cannot be started
	 */
	public WineNamedPipeApi(WineToolchain toolchain) throws IOException {
		this.process = toolchain.start(toolchain.bridge());
		this.requests = this.process.getOutputStream();
		daemon("pipe-bridge-responses", () -> readResponses(this.process.getInputStream()));
		daemon("pipe-bridge-stderr", () -> keepStderr(this.process.getErrorStream()));
		// The bridge's stdout may stay open after it dies (Wine's daemons share it): watch the
		// process itself as well.
		this.process.onExit().thenRun(() -> fail("pipe-bridge exited with status " + this.process.exitValue()));
		try {
			this.bridgeProcessId = Long.parseLong(call("ping").get(60, TimeUnit.SECONDS)[0]);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new IOException("Interrupted while starting pipe-bridge", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			close();
			throw new IOException("pipe-bridge did not start: " + ex.getMessage() + stderrTail(), ex);
		}
	}

	/**
	 * The Windows process id of the bridge: the client process id a server sees when this
	 * bridge is also the client.
	 * @return the bridge's process id
	 */
	public long bridgeProcessId() {
		return this.bridgeProcessId;
	}

	// ---- NamedPipeApi ----------------------------------------------------------------------------

	@Override
	public long create(String name, boolean firstInstance, int maxInstances, int outBufferSize, int inBufferSize,
			@Nullable String sddl, boolean rejectRemoteClients) throws NamedPipeException {
		String[] values = invoke("CreateNamedPipe", "create", flag(firstInstance), Integer.toString(maxInstances),
				Integer.toString(outBufferSize), Integer.toString(inBufferSize), flag(rejectRemoteClients),
				text(name), text(sddl));
		return Long.parseLong(values[0]);
	}

	@Override
	public boolean connect(long handle) throws NamedPipeException {
		String[] values = invoke("ConnectNamedPipe", "connect", Long.toString(handle));
		return "connected".equals(values[0]);
	}

	@Override
	public ReadResult read(long handle, byte[] buffer, int offset, int length) throws NamedPipeException {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		String[] values = invoke("ReadFile", "read", Long.toString(handle), Integer.toString(length));
		if ("end".equals(values[0])) {
			return ReadResult.END;
		}
		int count = Integer.parseInt(values[0]);
		byte[] data = bytes(values[2]);
		if (data.length != count || count > length) {
			throw new IllegalStateException("pipe-bridge read " + count + " bytes but sent " + data.length);
		}
		System.arraycopy(data, 0, buffer, offset, count);
		return new ReadResult(count, "1".equals(values[1]));
	}

	@Override
	public void write(long handle, byte[] data, int offset, int length) throws NamedPipeException {
		Objects.checkFromIndexSize(offset, length, data.length);
		String hex = (length == 0) ? "." : HEX.formatHex(data, offset, offset + length);
		invoke("WriteFile", "write", Long.toString(handle), hex);
	}

	@Override
	public void flush(long handle) {
		invokeIgnoringError("flush", Long.toString(handle));
	}

	@Override
	public void disconnect(long handle) {
		invokeIgnoringError("disconnect", Long.toString(handle));
	}

	@Override
	public void cancel(long handle) {
		invokeIgnoringError("cancel", Long.toString(handle));
	}

	@Override
	public void close(long handle) {
		invokeIgnoringError("close", Long.toString(handle));
	}

	@Override
	public long clientProcessId(long handle) {
		String[] values = invokeIgnoringError("pid", Long.toString(handle));
		return (values != null) ? Long.parseLong(values[0]) : -1;
	}

	@Override
	public int available(long handle) {
		String[] values = invokeIgnoringError("peek", Long.toString(handle));
		return (values != null) ? Integer.parseInt(values[0]) : -1;
	}

	@Override
	public @Nullable String clientUserName(long handle) {
		String[] values = invokeIgnoringError("user", Long.toString(handle));
		return (values != null) ? string(values[0]) : null;
	}

	@Override
	public @Nullable ClientToken clientToken(long handle) {
		String[] values = invokeIgnoringError("token", Long.toString(handle));
		if (values == null || values.length < 3 || "-".equals(values[0])) {
			return null;
		}
		int count = Integer.parseInt(values[2]);
		List<PipePeer.Group> groups = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			groups.add(new PipePeer.Group(string(values[4 + 2 * i]), values[3 + 2 * i]));
		}
		return new ClientToken(values[0], string(values[1]), groups);
	}

	/**
	 * Like {@link #clientToken}, but with the bridge's error, to see why impersonation failed.
	 * @param handle a connected instance
	 * @return the token
	 * @throws NamedPipeException with the Win32 error of the call that failed
	 */
	ClientToken clientTokenOrError(long handle) throws NamedPipeException {
		String[] values = invoke("ImpersonateNamedPipeClient", "token", Long.toString(handle));
		int count = Integer.parseInt(values[2]);
		List<PipePeer.Group> groups = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			groups.add(new PipePeer.Group(string(values[4 + 2 * i]), values[3 + 2 * i]));
		}
		return new ClientToken(values[0], string(values[1]), groups);
	}

	@Override
	public @Nullable String serverAccountSid(long clientHandle) {
		String[] values = invokeIgnoringError("sowner", Long.toString(clientHandle));
		return (values != null) ? values[0] : null;
	}

	@Override
	public @Nullable String currentAccountSid() {
		String[] values = invokeIgnoringError("self");
		return (values != null) ? values[0] : null;
	}

	@Override
	public boolean exists(String name) {
		String[] values = invokeIgnoringError("exists", text(name));
		return values != null && "1".equals(values[0]);
	}

	// ---- client side, for tests --------------------------------------------------------------------

	/**
	 * Open the client end of a pipe: {@code CreateFile} with read and write access,
	 * {@code OPEN_EXISTING} and {@code FILE_FLAG_OVERLAPPED}. The handle works with
	 * {@link #read}, {@link #write} and {@link #close(long)}.
	 * @param name the full pipe name
	 * @return the client handle
	 * @throws NamedPipeException {@link #ERROR_PIPE_BUSY} when every instance is in use,
	 * {@link #ERROR_FILE_NOT_FOUND} when there is no such pipe
	 */
	public long clientOpen(String name) throws NamedPipeException {
		return Long.parseLong(invoke("CreateFile", "copen", text(name))[0]);
	}

	@Override
	public long open(String name) throws NamedPipeException {
		return clientOpen(name);
	}

	@Override
	public void awaitInstance(String name, int timeoutMillis) throws NamedPipeException {
		clientWait(name, timeoutMillis);
	}

	@Override
	public void setMessageReadMode(long handle) throws NamedPipeException {
		clientMessageMode(handle);
	}

	/**
	 * Switch a client handle to message read mode ({@code SetNamedPipeHandleState}), as a real
	 * client does before reading replies.
	 * @param handle the client handle
	 * @throws NamedPipeException with the Win32 error code
	 */
	public void clientMessageMode(long handle) throws NamedPipeException {
		invoke("SetNamedPipeHandleState", "cmode", Long.toString(handle));
	}

	/**
	 * {@code WaitNamedPipe}: wait until an instance of the pipe is free.
	 * @param name the full pipe name
	 * @param timeoutMillis the longest wait
	 * @throws NamedPipeException {@link #ERROR_SEM_TIMEOUT} on timeout,
	 * {@link #ERROR_FILE_NOT_FOUND} when there is no such pipe
	 */
	public void clientWait(String name, int timeoutMillis) throws NamedPipeException {
		invoke("WaitNamedPipe", "cwait", text(name), Integer.toUnsignedString(timeoutMillis));
	}

	/**
	 * Read one whole message, reassembling {@code ERROR_MORE_DATA} chunks.
	 * @param handle a server or client handle
	 * @param chunkSize the read buffer size
	 * @return the message, or {@code null} when the other end is gone
	 * @throws NamedPipeException with the Win32 error code
	 */
	public byte @Nullable [] readMessage(long handle, int chunkSize) throws NamedPipeException {
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		byte[] buffer = new byte[chunkSize];
		ReadResult result;
		do {
			result = read(handle, buffer, 0, buffer.length);
			if (result.isEnd()) {
				return null;
			}
			message.write(buffer, 0, result.count());
		}
		while (result.moreData());
		return message.toByteArray();
	}

	/**
	 * Write one whole message.
	 * @param handle a server or client handle
	 * @param message the bytes
	 * @throws NamedPipeException with the Win32 error code
	 */
	public void writeMessage(long handle, byte[] message) throws NamedPipeException {
		write(handle, message, 0, message.length);
	}

	// ---- life cycle ------------------------------------------------------------------------------

	/**
	 * Stop the bridge: ask it to quit, close its input, and kill it if it lingers. Calls still
	 * waiting fail with {@link IllegalStateException}; the system closes every handle the bridge
	 * held, so the pipes it created disappear.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			if (this.process.isAlive() && this.failure == null) {
				call("quit").get(2, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			// killed below
		}
		fail("pipe-bridge closed");
		try {
			this.requests.close();
		}
		catch (IOException ex) {
			// already gone
		}
		try {
			if (!this.process.waitFor(2, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	// ---- protocol --------------------------------------------------------------------------------

	/**
	 * Send a request and wait for its values; an {@code err} answer becomes a
	 * {@link NamedPipeException} named after {@code operation}.
	 */
	private String[] invoke(String operation, String op, String... arguments) throws NamedPipeException {
		try {
			return await(call(op, arguments));
		}
		catch (BridgeError ex) {
			throw new NamedPipeException(operation, ex.code);
		}
	}

	/** For the calls whose errors the interface ignores: {@code null} on an {@code err} answer. */
	private String @Nullable [] invokeIgnoringError(String op, String... arguments) {
		try {
			return await(call(op, arguments));
		}
		catch (BridgeError ex) {
			return null;
		}
	}

	/** Wait without giving in to interrupts, as a native call would. */
	private static String[] await(CompletableFuture<String[]> future) throws BridgeError {
		try {
			return future.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof BridgeError error) {
				throw new BridgeError(error.code);
			}
			if (ex.getCause() instanceof IllegalStateException state) {
				throw new IllegalStateException(state.getMessage(), ex);
			}
			throw ex;
		}
	}

	private CompletableFuture<String[]> call(String op, String... arguments) {
		long id = this.ids.incrementAndGet();
		CompletableFuture<String[]> future = new CompletableFuture<>();
		StringBuilder line = new StringBuilder().append(id).append(' ').append(op);
		for (String argument : arguments) {
			line.append(' ').append(argument);
		}
		line.append('\n');
		this.pending.put(id, future);
		String failure = this.failure;
		if (failure != null) {
			// The bridge died before or while this call was registered.
			this.pending.remove(id);
			future.completeExceptionally(new IllegalStateException(failure + stderrTail()));
			return future;
		}
		try {
			synchronized (this.writeLock) {
				this.requests.write(line.toString().getBytes(StandardCharsets.US_ASCII));
				this.requests.flush();
			}
		}
		catch (IOException ex) {
			this.pending.remove(id);
			future.completeExceptionally(new IllegalStateException("Cannot send to pipe-bridge: " + ex + stderrTail()));
		}
		return future;
	}

	private void readResponses(InputStream in) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 65536)) {
			String line;
			while ((line = reader.readLine()) != null) {
				dispatch(line);
			}
			fail("pipe-bridge closed its output");
		}
		catch (IOException | RuntimeException ex) {
			fail("Reading from pipe-bridge failed: " + ex);
		}
	}

	private void dispatch(String line) {
		String[] tokens = line.split(" ");
		CompletableFuture<String[]> future = (tokens.length >= 2) ? this.pending.remove(parseId(tokens[0])) : null;
		if (future == null) {
			fail("Unexpected line from pipe-bridge: " + abbreviate(line));
			return;
		}
		if ("ok".equals(tokens[1])) {
			String[] values = new String[tokens.length - 2];
			System.arraycopy(tokens, 2, values, 0, values.length);
			future.complete(values);
		}
		else if ("err".equals(tokens[1]) && tokens.length == 3) {
			future.completeExceptionally(new BridgeError(Integer.parseInt(tokens[2])));
		}
		else {
			future.completeExceptionally(new IllegalStateException("Bad answer from pipe-bridge: " + abbreviate(line)));
		}
	}

	private static long parseId(String token) {
		try {
			return Long.parseLong(token);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** The bridge is unusable: fail every waiting call and every later one. */
	private void fail(String reason) {
		if (this.failure == null) {
			this.failure = reason;
		}
		String message = this.failure + stderrTail();
		for (Long id : this.pending.keySet()) {
			CompletableFuture<String[]> future = this.pending.remove(id);
			if (future != null) {
				future.completeExceptionally(new IllegalStateException(message));
			}
		}
	}

	private void keepStderr(InputStream in) {
		byte[] buffer = new byte[4096];
		try (in) {
			int count;
			while ((count = in.read(buffer)) >= 0) {
				synchronized (this.stderr) {
					if (this.stderr.size() + count > STDERR_KEPT) {
						byte[] kept = this.stderr.toByteArray();
						int keep = Math.max(0, STDERR_KEPT / 2 - count);
						this.stderr.reset();
						this.stderr.write(kept, kept.length - Math.min(keep, kept.length), Math.min(keep, kept.length));
					}
					this.stderr.write(buffer, 0, count);
				}
			}
		}
		catch (IOException ex) {
			// the bridge is gone
		}
	}

	private String stderrTail() {
		synchronized (this.stderr) {
			String text = this.stderr.toString(StandardCharsets.UTF_8).strip();
			return text.isEmpty() ? "" : " (pipe-bridge stderr: " + text + ")";
		}
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static String flag(boolean value) {
		return value ? "1" : "0";
	}

	/** A string as the bridge wants it: UTF-8 hex, {@code -} for null, {@code .} for empty. */
	private static String text(@Nullable String value) {
		if (value == null) {
			return "-";
		}
		return value.isEmpty() ? "." : HEX.formatHex(value.getBytes(StandardCharsets.UTF_8));
	}

	private static @Nullable String string(String hex) {
		return "-".equals(hex) ? null : new String(bytes(hex), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String hex) {
		return ("-".equals(hex) || ".".equals(hex)) ? new byte[0] : HEX.parseHex(hex);
	}

	private static String abbreviate(String line) {
		return line.length() <= 200 ? line : line.substring(0, 200) + "...";
	}

	/** An {@code err} answer. */
	private static final class BridgeError extends Exception {

		private final int code;

		BridgeError(int code) {
			super("Win32 error " + code, null, false, false);
			this.code = code;
		}

	}

}
