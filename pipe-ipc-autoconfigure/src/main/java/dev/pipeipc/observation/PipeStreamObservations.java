package dev.pipeipc.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.server.ObservedStream;
import dev.pipeipc.server.PipeServerRequest;

/**
 * One observation per stream a handler returned, {@value #NAME}: from the handler's first answer
 * to the stream's end, tagged with the method, the pipe and how it ended ({@code outcome}:
 * {@code completed}, {@code aborted}, {@code cancelled}, {@code failed}); the values sent go in
 * the high-cardinality {@code pipe.stream.items}. The request that opened it keeps its own
 * {@code pipe.server.requests} observation, which ends with the first answer.
 */
final class PipeStreamObservations {

	/** The name of stream observations. */
	static final String NAME = "pipe.server.streams";

	private PipeStreamObservations() {
	}

	static ObservedStream start(ObservationRegistry registry, PipeServerRequest request) {
		String method = (request.method() != null) ? request.method() : PipeObservationDocumentation.NONE;
		Observation observation = Observation.createNotStarted(NAME, registry)
			.contextualName(method + " stream")
			.lowCardinalityKeyValues(KeyValues.of("network.transport", request.transport(), "pipe.name",
					request.pipeName(), "rpc.method", method, "rpc.system.name", request.protocol()))
			.start();
		if (observation.isNoop()) {
			return ObservedStream.NONE;
		}
		return (ObservedStream.Outcome outcome, long items, @Nullable Throwable error) -> {
			observation.lowCardinalityKeyValue("outcome", outcome.tagValue());
			observation.highCardinalityKeyValue("pipe.stream.items", Long.toString(items));
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
		};
	}

}
