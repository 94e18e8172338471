package dev.pipeipc.observation;

import java.util.Map;
import java.util.Optional;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.pipeipc.server.ObservedRequest;
import dev.pipeipc.server.PipeServerInstrumentation;
import dev.pipeipc.server.PipeServerRequest;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultPipeServerObservationConvention} and {@link ObservationPipeRequestObserver},
 * without a socket.
 */
class DefaultPipeServerObservationConventionTests {

	private final DefaultPipeServerObservationConvention convention = new DefaultPipeServerObservationConvention();

	@Test
	void registeredMethodIsItsOwnTag() {
		PipeServerObservationContext context = context("orders.get", true, "7", null);
		context.setStatusCode(0);
		assertThat(this.convention.getName()).isEqualTo("pipe.server.requests");
		assertThat(this.convention.getContextualName(context)).isEqualTo("orders.get");
		assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("rpc.system.name", "jsonrpc"), KeyValue.of("rpc.method", "orders.get"),
				KeyValue.of("rpc.response.status_code", "0"), KeyValue.of("error.type", "none"),
				KeyValue.of("network.transport", "unix"), KeyValue.of("pipe.name", "orders"));
	}

	@Test
	void unregisteredMethodIsOtherSoClientsCannotAddTags() {
		PipeServerObservationContext context = context("made.up.12345", false, "8", null);
		context.setStatusCode(-32601);
		assertThat(this.convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("rpc.method", "_OTHER"),
				KeyValue.of("rpc.response.status_code", "-32601"), KeyValue.of("error.type", "-32601"));
		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.contains(KeyValue.of("rpc.method_original", "made.up.12345"));
		assertThat(this.convention.getContextualName(context)).isEqualTo("_OTHER");
	}

	@Test
	void everyKeyIsPresentWithNoneWhenItsValueIsMissing() {
		PipeServerObservationContext context = new PipeServerObservationContext(new PipeServerRequest(
				PipeServerInstrumentation.none("raw"), new PeerSession(null), "raw", null, false, null, (name) -> null));
		assertThat(this.convention.getLowCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("rpc.system.name", "raw"), KeyValue.of("rpc.method", "none"),
				KeyValue.of("rpc.response.status_code", "none"), KeyValue.of("error.type", "none"),
				KeyValue.of("network.transport", "unix"), KeyValue.of("pipe.name", "raw"));
		assertThat(this.convention.getHighCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("jsonrpc.request.id", "none"), KeyValue.of("rpc.method_original", "none"),
				KeyValue.of("pipe.peer.user", "none"), KeyValue.of("pipe.peer.process.id", "none"));
		assertThat(this.convention.getContextualName(context)).isEqualTo("raw");
	}

	@Test
	void peerUserAndProcessAreHighCardinality() {
		PipeServerObservationContext context = context("orders.get", true, "7", new PipePeer("alice", "staff", 4242));
		assertThat(this.convention.getHighCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("jsonrpc.request.id", "7"), KeyValue.of("rpc.method_original", "orders.get"),
				KeyValue.of("pipe.peer.user", "alice"), KeyValue.of("pipe.peer.process.id", "4242"));
	}

	@Test
	void highCardinalityKeyValuesAreBuiltOncePerRequest() {
		PipeServerObservationContext context = context("orders.get", true, "7", new PipePeer("alice", "staff", 4242));
		assertThat(this.convention.getHighCardinalityKeyValues(context))
			.isSameAs(this.convention.getHighCardinalityKeyValues(context));
		assertThat(this.convention.getHighCardinalityKeyValues(context("orders.get", true, "8", null)))
			.contains(KeyValue.of("jsonrpc.request.id", "8"), KeyValue.of("pipe.peer.user", "none"));
	}

	@Test
	void lowCardinalityKeyValuesOfEqualRequestsAreOneSet() {
		PipeServerObservationContext first = context("orders.get", true, "7", null);
		PipeServerObservationContext second = context("orders.get", true, "8", null);
		first.setStatusCode(0);
		second.setStatusCode(0);
		assertThat(this.convention.getLowCardinalityKeyValues(first))
			.isSameAs(this.convention.getLowCardinalityKeyValues(second));
	}

	@Test
	void exceptionWithoutAnErrorResponseIsTheErrorType() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		ObservedRequest observed = new ObservationPipeRequestObserver(registry)
			.start(context("orders.get", true, "7", null).getRequest());
		observed.finish(ObservedRequest.NO_RESPONSE, new IllegalStateException("Broken"));
		TestObservationRegistryAssert.assertThat(registry)
			.hasSingleObservationThat()
			.hasNameEqualTo("pipe.server.requests")
			.hasLowCardinalityKeyValue("rpc.response.status_code", "none")
			.hasLowCardinalityKeyValue("error.type", "java.lang.IllegalStateException")
			.hasError();
	}

	@Test
	void contextReadsTraceContextFromTheRequest() {
		PipeServerRequest request = new PipeServerRequest(PipeServerInstrumentation.none("orders"),
				new PeerSession(null), "jsonrpc", "orders.get", true, "1",
				(name) -> "traceparent".equals(name) ? "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" : null);
		PipeServerObservationContext context = new PipeServerObservationContext(request);
		assertThat(context.getCarrier()).isSameAs(request);
		assertThat(context.getGetter().get(request, "traceparent")).startsWith("00-0af7");
		assertThat(context.getGetter().get(request, "tracestate")).isNull();
	}

	@Test
	void anObserverWithADisabledRegistryObservesNothing() {
		assertThat(new ObservationPipeRequestObserver(io.micrometer.observation.ObservationRegistry.NOOP)
			.start(context("orders.get", true, "7", null).getRequest())).isSameAs(ObservedRequest.NONE);
	}

	@Test
	void windowsPipeNamesAreThePipeTransport() {
		assertThat(PipeServerInstrumentation.transportOf("\\\\.\\pipe\\orders")).isEqualTo("pipe");
		assertThat(PipeServerInstrumentation.transportOf("/run/user/1000/orders.sock")).isEqualTo("unix");
	}

	private static PipeServerObservationContext context(String method, boolean registered, String id,
			@Nullable PipePeer peer) {
		return new PipeServerObservationContext(new PipeServerRequest(PipeServerInstrumentation.none("orders"),
				new PeerSession(peer), "jsonrpc", method, registered, id, (name) -> null));
	}

	/**
	 * A session with the peer a test chooses.
	 */
	private record PeerSession(@Nullable PipePeer peerValue) implements PipeSession {

		@Override
		public long id() {
			return 1;
		}

		@Override
		public String serverName() {
			return "orders";
		}

		@Override
		public Optional<PipePeer> peer() {
			return Optional.ofNullable(this.peerValue);
		}

		@Override
		public Map<String, Object> attributes() {
			return Map.of();
		}

		@Override
		public void notify(String method, @Nullable Object params) {
		}

		@Override
		public boolean isOpen() {
			return true;
		}

	}

}
