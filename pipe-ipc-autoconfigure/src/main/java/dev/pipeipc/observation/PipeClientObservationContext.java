package dev.pipeipc.observation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.RequestReplySenderContext;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.client.ObservedCall;
import dev.pipeipc.client.PipeClientCall;

/**
 * The context of a call a {@link dev.pipeipc.client.PipeClient} makes. The carrier is the map of
 * top-level members the request is written with: a tracer puts {@code traceparent} and
 * {@code tracestate} there, which is how StreamJsonRpc carries W3C trace context in JSON-RPC.
 */
public class PipeClientObservationContext extends RequestReplySenderContext<Map<String, String>, Object> {

	private final PipeClientCall call;

	private int statusCode = ObservedCall.NO_RESPONSE;

	private final SortedKeyValues lowCardinalityKeyValues = new SortedKeyValues();

	private final SortedKeyValues highCardinalityKeyValues = new SortedKeyValues();

	/**
	 * Create the context of one call.
	 * @param call the call
	 */
	public PipeClientObservationContext(PipeClientCall call) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		this.call = call;
		setCarrier(new LinkedHashMap<>(4));
	}

	/**
	 * The call.
	 * @return the call
	 */
	public PipeClientCall getCall() {
		return this.call;
	}

	/**
	 * The members written at the top level of the request, as the tracer set them.
	 * @return the members, empty when nothing propagates
	 */
	public Map<String, String> getRequestMembers() {
		Map<String, String> carrier = getCarrier();
		return (carrier != null) ? carrier : Map.of();
	}

	/**
	 * The status of the response.
	 * @return {@code 0}, a JSON-RPC error code, or {@code null} if none arrived
	 */
	public @Nullable Integer getStatusCode() {
		return (this.statusCode != ObservedCall.NO_RESPONSE) ? this.statusCode : null;
	}

	/**
	 * Set the status of the response.
	 * @param statusCode {@code 0}, a JSON-RPC error code, or {@link ObservedCall#NO_RESPONSE}
	 */
	public void setStatusCode(int statusCode) {
		this.statusCode = statusCode;
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
