package dev.pipeipc.observation;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.client.ObservedCall;
import dev.pipeipc.client.PipeCallObserver;
import dev.pipeipc.client.PipeClientCall;

/**
 * Observes each call and notification a {@link dev.pipeipc.client.PipeClient} sends with a
 * Micrometer {@link Observation} named {@value PipeObservationDocumentation#CLIENT_NAME}: a timer
 * with the low-cardinality keys and, with a tracer, a client span whose W3C trace context goes out
 * as the request's top-level {@code traceparent} and {@code tracestate} members. The observation
 * current on the calling thread, if any, is its parent. Set it with
 * {@link dev.pipeipc.client.PipeClient.Builder#callObserver}; the auto-configuration does so for
 * every configured client when there is an {@link ObservationRegistry}.
 */
public final class ObservationPipeCallObserver implements PipeCallObserver {

	private static final PipeClientObservationConvention DEFAULT_CONVENTION = new DefaultPipeClientObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable PipeClientObservationConvention convention;

	/**
	 * Observe with the default convention.
	 * @param registry where observations go
	 */
	public ObservationPipeCallObserver(ObservationRegistry registry) {
		this(registry, null);
	}

	/**
	 * Observe with a convention of the application's.
	 * @param registry where observations go
	 * @param convention names and keys the observations, or {@code null} for the default
	 */
	public ObservationPipeCallObserver(ObservationRegistry registry,
			@Nullable PipeClientObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public ObservedCall start(PipeClientCall call) {
		PipeClientObservationContext context = new PipeClientObservationContext(call);
		Observation observation = PipeObservationDocumentation.CLIENT
			.observation(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.start();
		return observation.isNoop() ? ObservedCall.NONE : new Observed(observation, context);
	}

	/**
	 * One call's observation.
	 */
	private static final class Observed implements ObservedCall {

		private final Observation observation;

		private final PipeClientObservationContext context;

		Observed(Observation observation, PipeClientObservationContext context) {
			this.observation = observation;
			this.context = context;
		}

		@Override
		public Map<String, String> requestMembers() {
			return this.context.getRequestMembers();
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
