package dev.pipeipc.autoconfigure.observation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

import dev.pipeipc.server.PipeServer;

/**
 * Binds a {@link PipeServerMeterBinder} for every server bean of the application, so each
 * server's meters carry its own {@code pipe.name}. The servers are looked up when the binder is
 * bound (Spring Boot binds once every singleton exists), which includes the servers of
 * {@code pipe.servers.<id>}.
 */
public class PipeServersMeterBinder implements MeterBinder {

	private final ObjectProvider<PipeServer> servers;

	/**
	 * Create the binder.
	 * @param servers the server beans
	 */
	public PipeServersMeterBinder(ObjectProvider<PipeServer> servers) {
		this.servers = servers;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.servers.orderedStream().forEach((server) -> new PipeServerMeterBinder(server).bindTo(registry));
	}

}
