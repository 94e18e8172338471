package dev.pipeipc.transport.windows.wine;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.windows.NamedPipeApi;
import dev.pipeipc.transport.windows.NamedPipeException;

/**
 * Passes every call on to another {@link NamedPipeApi}; tests extend it to watch or count the
 * calls they care about.
 */
abstract class DelegatingNamedPipeApi implements NamedPipeApi {

	protected final NamedPipeApi delegate;

	protected DelegatingNamedPipeApi(NamedPipeApi delegate) {
		this.delegate = delegate;
	}

	@Override
	public long create(String name, boolean firstInstance, int maxInstances, int outBufferSize, int inBufferSize,
			@Nullable String sddl, boolean rejectRemoteClients) throws NamedPipeException {
		return this.delegate.create(name, firstInstance, maxInstances, outBufferSize, inBufferSize, sddl,
				rejectRemoteClients);
	}

	@Override
	public boolean connect(long handle) throws NamedPipeException {
		return this.delegate.connect(handle);
	}

	@Override
	public ReadResult read(long handle, byte[] buffer, int offset, int length) throws NamedPipeException {
		return this.delegate.read(handle, buffer, offset, length);
	}

	@Override
	public void write(long handle, byte[] data, int offset, int length) throws NamedPipeException {
		this.delegate.write(handle, data, offset, length);
	}

	@Override
	public void flush(long handle) {
		this.delegate.flush(handle);
	}

	@Override
	public void disconnect(long handle) {
		this.delegate.disconnect(handle);
	}

	@Override
	public void cancel(long handle) {
		this.delegate.cancel(handle);
	}

	@Override
	public void close(long handle) {
		this.delegate.close(handle);
	}

	@Override
	public int available(long handle) {
		return this.delegate.available(handle);
	}

	@Override
	public long clientProcessId(long handle) {
		return this.delegate.clientProcessId(handle);
	}

	@Override
	public @Nullable String clientUserName(long handle) {
		return this.delegate.clientUserName(handle);
	}

	@Override
	public @Nullable String serverAccountSid(long clientHandle) {
		return this.delegate.serverAccountSid(clientHandle);
	}

	@Override
	public @Nullable String currentAccountSid() {
		return this.delegate.currentAccountSid();
	}

	@Override
	public @Nullable ClientToken clientToken(long handle) {
		return this.delegate.clientToken(handle);
	}

	@Override
	public boolean exists(String name) {
		return this.delegate.exists(name);
	}

	@Override
	public long open(String name) throws NamedPipeException {
		return this.delegate.open(name);
	}

	@Override
	public void awaitInstance(String name, int timeoutMillis) throws NamedPipeException {
		this.delegate.awaitInstance(name, timeoutMillis);
	}

	@Override
	public void setMessageReadMode(long handle) throws NamedPipeException {
		this.delegate.setMessageReadMode(handle);
	}

}
