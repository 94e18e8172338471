package dev.pipeipc.observation;

import io.micrometer.common.KeyValue;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.observation.PipeObservationDocumentation.LowCardinalityKeyNames;

/**
 * The values both sides compute the same way: the status code and the error type.
 */
final class ObservationKeyValues {

	private static final KeyValue STATUS_OK = LowCardinalityKeyNames.RESPONSE_STATUS_CODE.withValue("0");

	private static final KeyValue STATUS_NONE = LowCardinalityKeyNames.RESPONSE_STATUS_CODE
		.withValue(PipeObservationDocumentation.NONE);

	private static final KeyValue ERROR_NONE = LowCardinalityKeyNames.ERROR_TYPE
		.withValue(PipeObservationDocumentation.NONE);

	private ObservationKeyValues() {
	}

	static KeyValue statusCode(@Nullable Integer statusCode) {
		if (statusCode == null) {
			return STATUS_NONE;
		}
		return (statusCode == 0) ? STATUS_OK
				: LowCardinalityKeyNames.RESPONSE_STATUS_CODE.withValue(Integer.toString(statusCode));
	}

	/**
	 * The error code of an error response (as OpenTelemetry's RPC conventions ask), else the
	 * class of what failed the request, else {@value PipeObservationDocumentation#NONE}.
	 */
	static KeyValue errorType(@Nullable Integer statusCode, @Nullable Throwable error) {
		if (statusCode != null && statusCode != 0) {
			return LowCardinalityKeyNames.ERROR_TYPE.withValue(Integer.toString(statusCode));
		}
		if (error != null) {
			return LowCardinalityKeyNames.ERROR_TYPE.withValue(error.getClass().getName());
		}
		return ERROR_NONE;
	}

	static String orNone(@Nullable String value) {
		return (value != null) ? value : PipeObservationDocumentation.NONE;
	}

}
