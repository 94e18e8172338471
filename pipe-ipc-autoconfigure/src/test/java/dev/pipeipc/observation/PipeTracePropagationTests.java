package dev.pipeipc.observation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import brave.Span.Kind;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * W3C trace context across a Unix domain socket, with a real tracer (Brave through Micrometer
 * Tracing, W3C propagation): a server span continues the trace of a {@link PipeClient} call and
 * of a request written by hand as another language's client would write it, whether the context
 * is a top-level member (StreamJsonRpc) or in {@code params._meta} (MCP); responses carry none.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PipeTracePropagationTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String PARENT_SPAN_ID = "b7ad6b7169203331";

	private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@RegisterExtension
	final CloseAfterEach closeables = new CloseAfterEach();

	private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

	private final Tracing tracing = Tracing.newBuilder()
		.traceId128Bit(true)
		.currentTraceContext(ThreadLocalCurrentTraceContext.create())
		.propagationFactory(new W3CPropagation())
		.addSpanHandler(new SpanHandler() {

			@Override
			public boolean end(TraceContext context, MutableSpan span, Cause cause) {
				PipeTracePropagationTests.this.spans.add(span);
				return true;
			}

		})
		.build();

	private final Tracer tracer = new BraveTracer(this.tracing.tracer(),
			new BraveCurrentTraceContext(this.tracing.currentTraceContext()));

	private final ObservationRegistry registry = tracedRegistry(this.tracer, new BravePropagator(this.tracing));

	private final Traced traced = new Traced(this.tracer);

	@AfterEach
	void closeTracing() {
		this.tracing.close();
	}

	@Test
	void serverSpanContinuesTheTraceOfAPipeClientCall() {
		TestPipeServer server = startServer();
		PipeClient client = this.closeables.add(
				PipeClient.builder(server.socket().toString()).callObserver(new ObservationPipeCallObserver(this.registry)).build());
		Observation parent = Observation.start("test.parent", this.registry);
		String parentTraceId;
		try (Observation.Scope scope = parent.openScope()) {
			parentTraceId = this.tracer.currentSpan().context().traceId();
			client.call("traced", null, String.class);
		}
		parent.stop();
		assertThat(this.traced.seen.get().traceId()).isEqualTo(parentTraceId);
		MutableSpan clientSpan = awaitSpan(Kind.CLIENT);
		MutableSpan serverSpan = awaitSpan(Kind.SERVER);
		assertThat(clientSpan.traceId()).isEqualTo(parentTraceId);
		assertThat(serverSpan.traceId()).isEqualTo(parentTraceId);
		assertThat(serverSpan.parentId()).isEqualTo(clientSpan.id());
		assertThat(this.traced.seen.get().spanId()).isEqualTo(serverSpan.id());
		assertThat(serverSpan.name()).isEqualTo("traced");
		assertThat(serverSpan.tags()).containsEntry("rpc.method", "traced").containsEntry("jsonrpc.request.id", "1");
	}

	@Test
	void serverSpanContinuesATraceGivenAsTopLevelMember() throws Exception {
		TestPipeServer server = startServer();
		try (PipeTestClient client = PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH)) {
			client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"traced\",\"traceparent\":\"" + TRACEPARENT
					+ "\",\"tracestate\":\"congo=t61rcWkgMzE\"}");
		}
		assertThat(this.traced.seen.get().traceId()).isEqualTo(TRACE_ID);
		MutableSpan serverSpan = awaitSpan(Kind.SERVER);
		assertThat(serverSpan.traceId()).isEqualTo(TRACE_ID);
		assertThat(serverSpan.parentId()).isEqualTo(PARENT_SPAN_ID);
	}

	@Test
	void serverSpanContinuesATraceGivenInParamsMeta() throws Exception {
		TestPipeServer server = startServer();
		try (PipeTestClient client = PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH)) {
			JsonNode response = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"traced\",\"params\":{\"_meta\":"
					+ "{\"traceparent\":\"" + TRACEPARENT + "\"}}}");
			assertThat(response.get("result").stringValue()).isEqualTo("traced");
		}
		assertThat(this.traced.seen.get().traceId()).isEqualTo(TRACE_ID);
		assertThat(awaitSpan(Kind.SERVER).parentId()).isEqualTo(PARENT_SPAN_ID);
	}

	@Test
	void topLevelTraceContextWinsOverParamsMeta() throws Exception {
		TestPipeServer server = startServer();
		String other = "00-11111111111111111111111111111111-2222222222222222-01";
		try (PipeTestClient client = PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH)) {
			client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"traced\",\"params\":{\"_meta\":{\"traceparent\":\""
					+ other + "\"}},\"traceparent\":\"" + TRACEPARENT + "\"}");
		}
		assertThat(this.traced.seen.get().traceId()).isEqualTo(TRACE_ID);
	}

	@Test
	void responsesCarryNoTraceContext() throws Exception {
		TestPipeServer server = startServer();
		try (PipeTestClient client = PipeTestClient.connect(server.socket(), Framing.CONTENT_LENGTH)) {
			JsonNode response = client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"traced\",\"traceparent\":\""
					+ TRACEPARENT + "\"}");
			assertThat(response.propertyNames()).containsExactly("jsonrpc", "id", "result");
		}
	}

	@Test
	void clientWritesTraceContextAsTopLevelMembersOfEachRequestAndNotification() throws Exception {
		Recorder recorder = new Recorder();
		TestPipeServer server = this.closeables.add(TestPipeServer.on(this.closeables.socket("recorder.sock"))
			.name("recorder")
			.raw(recorder)
			.framing(Framing.CONTENT_LENGTH)
			.start());
		PipeClient client = this.closeables.add(
				PipeClient.builder(server.socket().toString()).callObserver(new ObservationPipeCallObserver(this.registry)).build());
		client.call("first", List.of(1), Integer.class);
		client.notify("second", null);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> recorder.received.size() == 2);
		List<MutableSpan> clientSpans = awaitSpans(Kind.CLIENT, 2);
		for (int i = 0; i < 2; i++) {
			JsonNode request = recorder.received.get(i);
			MutableSpan span = clientSpans.stream()
				.filter((candidate) -> candidate.name().equals(request.get("method").stringValue()))
				.findFirst()
				.orElseThrow();
			assertThat(request.get("traceparent").stringValue())
				.isEqualTo("00-" + span.traceId() + "-" + span.id() + "-01");
		}
		assertThat(recorder.received.get(0).propertyNames()).startsWith("jsonrpc", "id", "method", "params");
	}

	@Test
	void clientWithoutTracerWritesNoTraceContext() throws Exception {
		Recorder recorder = new Recorder();
		TestPipeServer server = this.closeables.add(TestPipeServer.on(this.closeables.socket("recorder.sock"))
			.name("recorder")
			.raw(recorder)
			.framing(Framing.CONTENT_LENGTH)
			.start());
		PipeClient client = this.closeables.add(PipeClient.builder(server.socket().toString())
			.callObserver(new ObservationPipeCallObserver(TestObservationRegistry.create()))
			.build());
		client.call("first", List.of(1), Integer.class);
		assertThat(recorder.received.get(0).propertyNames()).containsExactly("jsonrpc", "id", "method", "params");
	}

	private TestPipeServer startServer() {
		return this.closeables.add(TestPipeServer.on(this.closeables.socket("traced.sock"))
			.name("traced")
			.handlers(this.traced)
			.with((builder) -> builder.requestObserver(new ObservationPipeRequestObserver(this.registry)))
			.start());
	}

	private MutableSpan awaitSpan(Kind kind) {
		return awaitSpans(kind, 1).get(0);
	}

	private List<MutableSpan> awaitSpans(Kind kind, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.stream().filter((span) -> span.kind() == kind).count() >= count);
		return this.spans.stream().filter((span) -> span.kind() == kind).toList();
	}

	private static ObservationRegistry tracedRegistry(Tracer tracer, Propagator propagator) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		return registry;
	}

	/**
	 * Remembers the span current while the handler ran.
	 */
	static class Traced {

		private final Tracer tracer;

		final AtomicReference<io.micrometer.tracing.TraceContext> seen = new AtomicReference<>();

		Traced(Tracer tracer) {
			this.tracer = tracer;
		}

		@PipeHandler("traced")
		String traced() {
			Span current = this.tracer.currentSpan();
			this.seen.set((current != null) ? current.context() : null);
			return "traced";
		}

	}

	/**
	 * A raw handler on Content-Length framing that records each JSON-RPC request as it arrived and
	 * answers calls with a null result, to see what a client writes.
	 */
	static class Recorder {

		final List<JsonNode> received = new CopyOnWriteArrayList<>();

		@PipeHandler
		byte[] record(byte[] message) {
			JsonNode request = mapper.readTree(message);
			this.received.add(request);
			JsonNode id = request.get("id");
			return (id != null) ? ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":1}").getBytes(StandardCharsets.UTF_8)
					: null;
		}

	}

}
