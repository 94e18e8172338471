package dev.pipeipc.autoconfigure.observation;

import java.util.Locale;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.pipeipc.codec.FrameError;
import dev.pipeipc.observation.PipeObservationDocumentation.LowCardinalityKeyNames;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.PipeServerStatistics;

/**
 * The meters of one pipe server, besides the request timer its observations make: gauges for
 * open connections and requests in progress, counters for bytes, refused connections, framing
 * errors by kind and cancel requests. Every meter reads the server's own counts
 * ({@link PipeServer#getStatistics()}) when it is published, so nothing is added to the request
 * path. Tagged with {@code pipe.name} and {@code network.transport}, as the timer is.
 */
public class PipeServerMeterBinder implements MeterBinder {

	/** Gauge of the connections open now. */
	public static final String CONNECTIONS = "pipe.server.connections";

	/** Gauge of the requests accepted and not yet answered. */
	public static final String REQUESTS_PENDING = "pipe.server.requests.pending";

	/** Counter of bytes read from clients. */
	public static final String BYTES_RECEIVED = "pipe.server.bytes.received";

	/** Counter of bytes written to clients. */
	public static final String BYTES_SENT = "pipe.server.bytes.sent";

	/** Counter of connections turned away at the connection limit. */
	public static final String CONNECTIONS_REFUSED = "pipe.server.connections.refused";

	/** Counter of framing errors, by kind. */
	public static final String FRAME_ERRORS = "pipe.server.frame.errors";

	/** Counter of requests to cancel a request. */
	public static final String CANCELLATIONS = "pipe.server.cancellations";

	private final PipeServer server;

	/**
	 * Create the meters of one server.
	 * @param server the server
	 */
	public PipeServerMeterBinder(PipeServer server) {
		this.server = server;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of(LowCardinalityKeyNames.PIPE_NAME.asString(), this.server.getName(),
				LowCardinalityKeyNames.NETWORK_TRANSPORT.asString(), this.server.getTransportName());
		Gauge.builder(CONNECTIONS, this.server, PipeServer::getOpenConnections)
			.tags(tags)
			.baseUnit(BaseUnits.CONNECTIONS)
			.description("Connections open now")
			.register(registry);
		Gauge.builder(REQUESTS_PENDING, this.server, PipeServer::getPendingRequests)
			.tags(tags)
			.baseUnit(BaseUnits.TASKS)
			.description("Requests accepted and not yet answered")
			.register(registry);
		PipeServerStatistics statistics = this.server.getStatistics();
		FunctionCounter.builder(BYTES_RECEIVED, statistics, PipeServerStatistics::getBytesRead)
			.tags(tags)
			.baseUnit(BaseUnits.BYTES)
			.description("Bytes read from clients, framing included")
			.register(registry);
		FunctionCounter.builder(BYTES_SENT, statistics, PipeServerStatistics::getBytesWritten)
			.tags(tags)
			.baseUnit(BaseUnits.BYTES)
			.description("Bytes written to clients, framing included")
			.register(registry);
		FunctionCounter.builder(CONNECTIONS_REFUSED, statistics, PipeServerStatistics::getConnectionsRefused)
			.tags(tags)
			.baseUnit(BaseUnits.CONNECTIONS)
			.description("Connections turned away because the connection limit was reached")
			.register(registry);
		for (FrameError.Kind kind : FrameError.Kind.values()) {
			FunctionCounter.builder(FRAME_ERRORS, statistics, (counts) -> counts.getFrameErrors(kind))
				.tags(tags.and(LowCardinalityKeyNames.ERROR_TYPE.asString(), kind.name().toLowerCase(Locale.ROOT)))
				.baseUnit(BaseUnits.EVENTS)
				.description("Messages that could not be cut from the byte stream")
				.register(registry);
		}
		FunctionCounter.builder(CANCELLATIONS, statistics, PipeServerStatistics::getCancelRequests)
			.tags(tags)
			.baseUnit(BaseUnits.EVENTS)
			.description("Requests from clients to cancel one of their requests")
			.register(registry);
	}

}
