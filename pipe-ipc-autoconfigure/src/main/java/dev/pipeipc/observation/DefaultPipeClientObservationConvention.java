package dev.pipeipc.observation;

import io.micrometer.common.KeyValues;

import dev.pipeipc.client.PipeClientCall;
import dev.pipeipc.observation.PipeObservationDocumentation.HighCardinalityKeyNames;

/**
 * The default naming and keys of a call a {@link dev.pipeipc.client.PipeClient} makes: the
 * observation is {@value PipeObservationDocumentation#CLIENT_NAME}, the span is named after the
 * method, and {@code rpc.method} is the name called, which the application chooses.
 */
public class DefaultPipeClientObservationConvention implements PipeClientObservationConvention {

	/** The protocol a client speaks. */
	private static final String JSON_RPC = "jsonrpc";

	private final LowCardinalityKeyValuesCache lowCardinalityKeyValues = new LowCardinalityKeyValuesCache();

	@Override
	public String getName() {
		return PipeObservationDocumentation.CLIENT_NAME;
	}

	@Override
	public String getContextualName(PipeClientObservationContext context) {
		return context.getCall().method();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PipeClientObservationContext context) {
		PipeClientCall call = context.getCall();
		return this.lowCardinalityKeyValues.get(JSON_RPC, call.transport(), call.pipeName(), call.method(),
				context.getStatusCode(), context.getError());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PipeClientObservationContext context) {
		return KeyValues.of(
				HighCardinalityKeyNames.REQUEST_ID.withValue(ObservationKeyValues.orNone(context.getCall().id())));
	}

}
