package dev.pipeipc.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipeTransport;

/**
 * A {@link PipeTransport} that binds nothing and records what the server asks of it: each listen,
 * and each listener's stop-accepting and close, in order.
 */
public final class RecordingTransport implements PipeTransport {

	/** Addresses listened on, in order. */
	public final List<String> listened = new CopyOnWriteArrayList<>();

	/** Listener calls, in order: {@code stopAccepting <address>}, {@code close <address>}. */
	public final List<String> calls = new CopyOnWriteArrayList<>();

	/** What the server passed to each listen, to play the transport's callbacks. */
	public final List<PipeConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();

	@Override
	public PipeListener listen(PipeListenOptions options, PipeConnectionListener listener) {
		this.listened.add(options.address());
		this.connectionListeners.add(listener);
		return new PipeListener() {

			@Override
			public String address() {
				return options.address();
			}

			@Override
			public void stopAccepting() {
				RecordingTransport.this.calls.add("stopAccepting " + options.address());
			}

			@Override
			public void close() {
				RecordingTransport.this.calls.add("close " + options.address());
			}

		};
	}

}
