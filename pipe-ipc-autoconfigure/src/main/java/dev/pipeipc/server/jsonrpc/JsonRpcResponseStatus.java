package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.server.ObservedRequest;

/**
 * The status of a response as it was sent: {@code 0} for a result, the {@code error.code} for an
 * error. Read back from the response body with a streaming parser, so the status reported is that
 * of the answer the client got, whichever part of the protocol wrote it; only done when requests
 * are observed. Reading stops at the {@code result} or {@code error} member, which the writer puts
 * right after the {@code id}.
 */
final class JsonRpcResponseStatus {

	private final ObjectMapper mapper;

	JsonRpcResponseStatus(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * The status of one response.
	 * @param body the response object, or {@code null} when nothing was sent
	 * @return {@code 0}, the error code, or {@link ObservedRequest#NO_RESPONSE}
	 */
	int of(@Nullable ResponseBody body) {
		if (body == null) {
			return ObservedRequest.NO_RESPONSE;
		}
		// A response in parts carries a string result.
		return body.isInParts() ? 0 : of(body.toByteArray());
	}

	/**
	 * The status of one response.
	 * @param body the response object, or {@code null} when nothing was sent
	 * @return {@code 0}, the error code, or {@link ObservedRequest#NO_RESPONSE}
	 */
	int of(byte @Nullable [] body) {
		if (body == null) {
			return ObservedRequest.NO_RESPONSE;
		}
		try (JsonParser parser = this.mapper.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return ObservedRequest.NO_RESPONSE;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("result".equals(name)) {
					return 0;
				}
				if ("error".equals(name) && value == JsonToken.START_OBJECT) {
					return errorCode(parser);
				}
				parser.skipChildren();
			}
			return ObservedRequest.NO_RESPONSE;
		}
		catch (JacksonException ex) {
			return ObservedRequest.NO_RESPONSE;
		}
	}

	private static int errorCode(JsonParser parser) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("code".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
				return parser.getIntValue();
			}
			parser.skipChildren();
		}
		return ObservedRequest.NO_RESPONSE;
	}

}
