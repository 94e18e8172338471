package dev.pipeipc.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.server.ObservedRequest;
import dev.pipeipc.server.PipeServerRequest;

/**
 * The context of a request a pipe server handles. The request is the carrier: trace context is
 * read from its top-level {@code traceparent}/{@code tracestate} members, or from
 * {@code params._meta}, so a server span continues the trace of the client that called.
 */
public class PipeServerObservationContext extends RequestReplyReceiverContext<PipeServerRequest, Object> {

	private final PipeServerRequest request;

	private int statusCode = ObservedRequest.NO_RESPONSE;

	private final SortedKeyValues lowCardinalityKeyValues = new SortedKeyValues();

	private final SortedKeyValues highCardinalityKeyValues = new SortedKeyValues();

	private @Nullable KeyValues defaultHighCardinalityKeyValues;

	/**
	 * Create the context of one request.
	 * @param request the request, which is also the carrier of its trace context
	 */
	public PipeServerObservationContext(PipeServerRequest request) {
		super(PipeServerRequest::header);
		this.request = request;
		setCarrier(request);
	}

	/**
	 * The request.
	 * @return the request
	 */
	public PipeServerRequest getRequest() {
		return this.request;
	}

	/**
	 * The status of the response sent.
	 * @return {@code 0}, a JSON-RPC error code, or {@code null} if no response was sent (yet)
	 */
	public @Nullable Integer getStatusCode() {
		return (this.statusCode != ObservedRequest.NO_RESPONSE) ? this.statusCode : null;
	}

	/**
	 * Set the status of the response sent.
	 * @param statusCode {@code 0}, a JSON-RPC error code, or {@link ObservedRequest#NO_RESPONSE}
	 */
	public void setStatusCode(int statusCode) {
		this.statusCode = statusCode;
	}

	/**
	 * The high-cardinality key values {@link DefaultPipeServerObservationConvention} built for
	 * this request, which it is asked for twice.
	 * @return the key values, or {@code null} before they are built
	 */
	@Nullable KeyValues getDefaultHighCardinalityKeyValues() {
		return this.defaultHighCardinalityKeyValues;
	}

	void setDefaultHighCardinalityKeyValues(KeyValues keyValues) {
		this.defaultHighCardinalityKeyValues = keyValues;
	}

	// Key values live in sorted, immutable sets rather than in Observation.Context's hash maps:
	// see SortedKeyValues for why. Every method of Context that touches them is overridden.

	@Override
	public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		this.lowCardinalityKeyValues.add(keyValue);
		return this;
	}

	@Override
	public Observation.Context addHighCardinalityKeyValue(KeyValue keyValue) {
		this.highCardinalityKeyValues.add(keyValue);
		return this;
	}

	@Override
	public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		this.lowCardinalityKeyValues.addAll(keyValues);
		return this;
	}

	@Override
	public Observation.Context addHighCardinalityKeyValues(KeyValues keyValues) {
		this.highCardinalityKeyValues.addAll(keyValues);
		return this;
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValue(String keyName) {
		this.lowCardinalityKeyValues.remove(keyName);
		return this;
	}

	@Override
	public Observation.Context removeHighCardinalityKeyValue(String keyName) {
		this.highCardinalityKeyValues.remove(keyName);
		return this;
	}

	@Override
	public Observation.Context removeLowCardinalityKeyValues(String... keyNames) {
		for (String keyName : keyNames) {
			this.lowCardinalityKeyValues.remove(keyName);
		}
		return this;
	}

	@Override
	public Observation.Context removeHighCardinalityKeyValues(String... keyNames) {
		for (String keyName : keyNames) {
			this.highCardinalityKeyValues.remove(keyName);
		}
		return this;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		return this.lowCardinalityKeyValues.all();
	}

	@Override
	public KeyValues getHighCardinalityKeyValues() {
		return this.highCardinalityKeyValues.all();
	}

	@Override
	public @Nullable KeyValue getLowCardinalityKeyValue(String key) {
		return this.lowCardinalityKeyValues.get(key);
	}

	@Override
	public @Nullable KeyValue getHighCardinalityKeyValue(String key) {
		return this.highCardinalityKeyValues.get(key);
	}

}
