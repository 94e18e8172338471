package dev.pipeipc.observation;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import dev.pipeipc.client.PipeClientCall;
import dev.pipeipc.jsonrpc.JsonRpcException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultPipeClientObservationConvention} and {@link PipeClientObservationContext}.
 */
class DefaultPipeClientObservationConventionTests {

	private final DefaultPipeClientObservationConvention convention = new DefaultPipeClientObservationConvention();

	@Test
	void callIsKeyedByTheMethodCalled() {
		PipeClientObservationContext context = new PipeClientObservationContext(
				new PipeClientCall("orders", "pipe", "orders.get", "3"));
		context.setStatusCode(0);
		assertThat(this.convention.getName()).isEqualTo("pipe.client.requests");
		assertThat(this.convention.getContextualName(context)).isEqualTo("orders.get");
		assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("rpc.system.name", "jsonrpc"), KeyValue.of("rpc.method", "orders.get"),
				KeyValue.of("rpc.response.status_code", "0"), KeyValue.of("error.type", "none"),
				KeyValue.of("network.transport", "pipe"), KeyValue.of("pipe.name", "orders"));
		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("jsonrpc.request.id", "3"));
	}

	@Test
	void errorResponseIsTheStatusAndTheErrorType() {
		PipeClientObservationContext context = new PipeClientObservationContext(
				new PipeClientCall("orders", "unix", "orders.get", "4"));
		context.setStatusCode(-32602);
		context.setError(new JsonRpcException(-32602, "Invalid params"));
		assertThat(this.convention.getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("rpc.response.status_code", "-32602"), KeyValue.of("error.type", "-32602"));
	}

	@Test
	void notificationHasNoIdAndNoStatus() {
		PipeClientObservationContext context = new PipeClientObservationContext(
				new PipeClientCall("orders", "unix", "audit", null));
		assertThat(context.getCall().isNotification()).isTrue();
		assertThat(this.convention.getLowCardinalityKeyValues(context))
			.contains(KeyValue.of("rpc.response.status_code", "none"));
		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("jsonrpc.request.id", "none"));
	}

	@Test
	void tracerSetsTopLevelMembersThroughTheCarrier() {
		PipeClientObservationContext context = new PipeClientObservationContext(
				new PipeClientCall("orders", "unix", "orders.get", "5"));
		assertThat(context.getRequestMembers()).isEmpty();
		context.getSetter().set(context.getCarrier(), "traceparent", "00-a-b-01");
		context.getSetter().set(context.getCarrier(), "tracestate", "congo=1");
		assertThat(context.getRequestMembers()).containsExactly(java.util.Map.entry("traceparent", "00-a-b-01"),
				java.util.Map.entry("tracestate", "congo=1"));
	}

}
