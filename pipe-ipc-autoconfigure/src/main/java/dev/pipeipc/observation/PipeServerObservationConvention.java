package dev.pipeipc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How a request a pipe server handles is named and keyed. Define a bean of this type to replace
 * {@link DefaultPipeServerObservationConvention}, or extend that class to add keys.
 */
public interface PipeServerObservationConvention extends ObservationConvention<PipeServerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PipeServerObservationContext;
	}

}
