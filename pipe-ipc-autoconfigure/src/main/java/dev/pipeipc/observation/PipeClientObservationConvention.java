package dev.pipeipc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * How a call a {@link dev.pipeipc.client.PipeClient} makes is named and keyed. Define a bean of
 * this type to replace {@link DefaultPipeClientObservationConvention}, or extend that class to add
 * keys.
 */
public interface PipeClientObservationConvention extends ObservationConvention<PipeClientObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PipeClientObservationContext;
	}

}
