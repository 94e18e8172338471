package dev.pipeipc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.server.ObservedRequest;
import dev.pipeipc.server.ObservedStream;
import dev.pipeipc.server.PipeRequestObserver;
import dev.pipeipc.server.PipeServerRequest;

/**
 * Observes each request a pipe server handles with a Micrometer {@link Observation} named
 * {@value PipeObservationDocumentation#SERVER_NAME}: a timer with the low-cardinality keys and,
 * with a tracer, a server span that continues the trace the request carries. Set it on a server
 * with {@link dev.pipeipc.server.PipeServerBuilder#requestObserver}; the auto-configuration does
 * so for every configured server when there is an {@link ObservationRegistry}.
 */
public final class ObservationPipeRequestObserver implements PipeRequestObserver {

	private static final PipeServerObservationConvention DEFAULT_CONVENTION = new DefaultPipeServerObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable PipeServerObservationConvention convention;

	/**
	 * Observe with the default convention.
	 * @param registry where observations go
	 */
	public ObservationPipeRequestObserver(ObservationRegistry registry) {
		this(registry, null);
	}

	/**
	 * Observe with a convention of the application's.
	 * @param registry where observations go
	 * @param convention names and keys the observations, or {@code null} for the default
	 */
	public ObservationPipeRequestObserver(ObservationRegistry registry,
			@Nullable PipeServerObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public ObservedRequest start(PipeServerRequest request) {
		PipeServerObservationContext context = new PipeServerObservationContext(request);
		Observation observation = PipeObservationDocumentation.SERVER
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		return observation.isNoop() ? ObservedRequest.NONE : new Observed(observation, context);
	}

	/**
	 * Observe a stream as {@code pipe.server.streams}, tagged with its outcome and counting its
	 * values.
	 */
	@Override
	public ObservedStream startStream(PipeServerRequest request) {
		return PipeStreamObservations.start(this.registry, request);
	}

	/**
	 * One request's observation.
	 */
	private static final class Observed implements ObservedRequest {

		private final Observation observation;

		private final PipeServerObservationContext context;

		Observed(Observation observation, PipeServerObservationContext context) {
			this.observation = observation;
			this.context = context;
		}

		@Override
		public Scope openScope() {
			return this.observation.openScope()::close;
		}

		@Override
		public void finish(int statusCode, @Nullable Throwable error) {
			this.context.setStatusCode(statusCode);
			if (error != null) {
				this.observation.error(error);
			}
			this.observation.stop();
		}

	}

}
