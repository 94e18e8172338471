package dev.pipeipc.transport.windows;

import java.io.IOException;
import java.util.List;

import com.sun.jna.platform.win32.Advapi32Util;

import dev.pipeipc.transport.PipeAddresses;
import dev.pipeipc.transport.PipeConnectionLimitException;
import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeInUseException;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipeTransport;

/**
 * Serves pipes as Win32 named pipes ({@code \\.\pipe\<name>}), following the life cycle of the
 * classic C++ pipe server: {@code CreateNamedPipe}, {@code ConnectNamedPipe}, overlapped
 * {@code ReadFile}/{@code WriteFile}, and on close {@code FlushFileBuffers},
 * {@code DisconnectNamedPipe}, {@code CloseHandle}.
 * <p>
 * One instance is always listening while the server runs, so no other process can take the name;
 * the first is created with {@code FILE_FLAG_FIRST_PIPE_INSTANCE} (after checking that the name is
 * free), so a second server on a live name fails at startup. Every instance gets the same security
 * descriptor and refuses remote clients unless configured otherwise.
 */
public final class NamedPipeTransport implements PipeTransport {

	/**
	 * {@code PIPE_UNLIMITED_INSTANCES}: the instance limit passed to {@code CreateNamedPipe} when
	 * connections are not limited.
	 */
	public static final int PIPE_UNLIMITED_INSTANCES = InstanceLimit.PIPE_UNLIMITED_INSTANCES;

	/**
	 * The largest connection limit Win32 named pipes can enforce; a larger one fails with a
	 * {@link PipeConnectionLimitException}.
	 */
	public static final int MAX_CONNECTION_LIMIT = InstanceLimit.MAX_LIMIT;

	private final NamedPipeApi api;

	private final NamedPipeSettings settings;

	/**
	 * Create a transport.
	 * @param api the Win32 calls
	 * @param settings buffer sizes and security
	 */
	public NamedPipeTransport(NamedPipeApi api, NamedPipeSettings settings) {
		this.api = api;
		this.settings = settings;
	}

	/**
	 * Listen on a pipe name.
	 * @throws PipeConnectionLimitException if the connection limit is zero or over
	 * {@value #MAX_CONNECTION_LIMIT}, which Windows cannot enforce
	 */
	/**
	 * The user this process runs as, as an allow-list names it: the name, and on Windows its
	 * {@code DOMAIN\name} and SID.
	 * @return the names and ids
	 */
	public static List<String> currentUser() {
		String name = System.getProperty("user.name", "");
		if (!PipeAddresses.isWindows()) {
			return List.of(name);
		}
		try {
			Advapi32Util.Account account = Advapi32Util.getAccountByName(name);
			return List.of(name, account.fqn, account.sidString);
		}
		catch (RuntimeException | LinkageError ex) {
			return List.of(name);
		}
	}

	@Override
	public PipeListener listen(PipeListenOptions options, PipeConnectionListener listener) throws IOException {
		String name = options.address();
		InstanceLimit maxInstances = InstanceLimit.of(name, options.maxConnections());
		if (this.api.exists(name)) {
			throw new PipeInUseException(name);
		}
		long first;
		try {
			first = createInstance(name, true, maxInstances);
		}
		catch (NamedPipeException ex) {
			if (ex.getErrorCode() == NamedPipeApi.ERROR_ACCESS_DENIED
					|| ex.getErrorCode() == NamedPipeApi.ERROR_PIPE_BUSY) {
				throw new PipeInUseException(name);
			}
			throw ex;
		}
		NamedPipeListener pipeListener = new NamedPipeListener(this, options, maxInstances, listener);
		pipeListener.start(first);
		return pipeListener;
	}

	long createInstance(String name, boolean first, InstanceLimit maxInstances) throws NamedPipeException {
		return this.api.create(name, first, maxInstances.win32MaxInstances(), this.settings.outBufferSize(),
				this.settings.inBufferSize(),
				this.settings.effectiveSecurityDescriptor(), !this.settings.allowRemoteClients());
	}

	NamedPipeApi api() {
		return this.api;
	}

	NamedPipeSettings settings() {
		return this.settings;
	}

}
