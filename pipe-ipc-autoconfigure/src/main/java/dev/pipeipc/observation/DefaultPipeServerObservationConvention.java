package dev.pipeipc.observation;

import io.micrometer.common.KeyValues;

import dev.pipeipc.observation.PipeObservationDocumentation.HighCardinalityKeyNames;
import dev.pipeipc.observation.PipeObservationDocumentation.LowCardinalityKeyNames;
import dev.pipeipc.server.PipeServerRequest;
import dev.pipeipc.transport.PipePeer;

/**
 * The default naming and keys of a request a pipe server handles: the observation is
 * {@value PipeObservationDocumentation#SERVER_NAME}, the span is named after the method, and
 * every key of {@link PipeObservationDocumentation#SERVER} is present.
 */
public class DefaultPipeServerObservationConvention implements PipeServerObservationConvention {

	private final LowCardinalityKeyValuesCache lowCardinalityKeyValues = new LowCardinalityKeyValuesCache();

	@Override
	public String getName() {
		return PipeObservationDocumentation.SERVER_NAME;
	}

	@Override
	public String getContextualName(PipeServerObservationContext context) {
		String method = method(context.getRequest());
		return PipeObservationDocumentation.NONE.equals(method) ? context.getRequest().protocol() : method;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PipeServerObservationContext context) {
		PipeServerRequest request = context.getRequest();
		return this.lowCardinalityKeyValues.get(request.protocol(), request.transport(), request.pipeName(),
				method(request), context.getStatusCode(), context.getError());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PipeServerObservationContext context) {
		// Asked at start and at stop, of a request that does not change in between.
		KeyValues keyValues = context.getDefaultHighCardinalityKeyValues();
		if (keyValues == null) {
			keyValues = highCardinalityKeyValues(context.getRequest());
			context.setDefaultHighCardinalityKeyValues(keyValues);
		}
		return keyValues;
	}

	private static KeyValues highCardinalityKeyValues(PipeServerRequest request) {
		PipePeer peer = request.peer();
		String processId = (peer != null && peer.processId() >= 0) ? Long.toString(peer.processId())
				: PipeObservationDocumentation.NONE;
		// In the order of their names, which spares KeyValues a sort.
		return KeyValues.of(HighCardinalityKeyNames.REQUEST_ID.withValue(ObservationKeyValues.orNone(request.id())),
				HighCardinalityKeyNames.PEER_PROCESS_ID.withValue(processId),
				HighCardinalityKeyNames.PEER_USER.withValue(ObservationKeyValues.orNone((peer != null) ? peer.user() : null)),
				HighCardinalityKeyNames.METHOD_ORIGINAL.withValue(ObservationKeyValues.orNone(request.method())));
	}

	/**
	 * The method as a bounded value: the registered name, {@value PipeObservationDocumentation#OTHER_METHOD}
	 * for a name nothing serves, {@value PipeObservationDocumentation#NONE} for a protocol without
	 * methods.
	 * @param request the request
	 * @return the method's tag value
	 */
	protected String method(PipeServerRequest request) {
		String method = request.method();
		if (method == null) {
			return PipeObservationDocumentation.NONE;
		}
		return request.isRegistered() ? method : PipeObservationDocumentation.OTHER_METHOD;
	}

}
