package dev.pipeipc.observation;

import io.micrometer.common.KeyValues;

import dev.pipeipc.client.PipeClientCall;
import dev.pipeipc.observation.PipeObservationDocumentation.HighCardinalityKeyNames;
import dev.pipeipc.observation.PipeObservationDocumentation.LowCardinalityKeyNames;

/**
 * The default naming and keys of a call a {@link dev.pipeipc.client.PipeClient} makes: the
 * observation is {@value PipeObservationDocumentation#CLIENT_NAME}, the span is named after the
 * method, and {@code rpc.method} is the name called, which the application chooses.
 */
public class DefaultPipeClientObservationConvention implements PipeClientObservationConvention {

	/** The protocol a client speaks. */
	private static final String JSON_RPC = "jsonrpc";

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
		Integer statusCode = context.getStatusCode();
		// In the order of their names, which spares KeyValues a sort on every call.
		return KeyValues.of(ObservationKeyValues.errorType(statusCode, context.getError()),
				LowCardinalityKeyNames.NETWORK_TRANSPORT.withValue(call.transport()),
				LowCardinalityKeyNames.PIPE_NAME.withValue(call.pipeName()),
				LowCardinalityKeyNames.RPC_METHOD.withValue(call.method()),
				ObservationKeyValues.statusCode(statusCode),
				LowCardinalityKeyNames.RPC_SYSTEM.withValue(JSON_RPC));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PipeClientObservationContext context) {
		return KeyValues.of(
				HighCardinalityKeyNames.REQUEST_ID.withValue(ObservationKeyValues.orNone(context.getCall().id())));
	}

}
