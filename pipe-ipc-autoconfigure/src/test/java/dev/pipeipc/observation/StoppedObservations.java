package dev.pipeipc.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.awaitility.Awaitility;

/**
 * Records every observation context when its observation stops, for tests that look at several
 * observations of one name or wait for one that stops on another thread.
 */
final class StoppedObservations implements ObservationHandler<Observation.Context> {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	@Override
	public void onStop(Observation.Context context) {
		this.stopped.add(context);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	/**
	 * The stopped observations of a name.
	 * @param name the observation name
	 * @return their contexts, in the order they stopped
	 */
	List<Observation.Context> named(String name) {
		return this.stopped.stream().filter((context) -> name.equals(context.getName())).toList();
	}

	/**
	 * Wait until at least so many observations of a name have stopped.
	 * @param name the observation name
	 * @param count how many
	 * @return their contexts
	 */
	List<Observation.Context> await(String name, int count) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> named(name).size() >= count);
		return named(name);
	}

	/**
	 * The values of some low-cardinality keys of an observation, joined with spaces.
	 * @param context the observation's context
	 * @param keys the keys
	 * @return the values
	 */
	static String values(Observation.Context context, String... keys) {
		StringBuilder values = new StringBuilder();
		for (String key : keys) {
			if (!values.isEmpty()) {
				values.append(' ');
			}
			values.append(context.getLowCardinalityKeyValue(key).getValue());
		}
		return values.toString();
	}

}
