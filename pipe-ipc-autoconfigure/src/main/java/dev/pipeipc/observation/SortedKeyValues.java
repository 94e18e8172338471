package dev.pipeipc.observation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The key values of one kind (low or high cardinality) of one observation context, kept as one
 * immutable {@link KeyValues}, which is sorted by key.
 * <p>
 * Why: {@link io.micrometer.observation.Observation.Context} keeps its key values in a hash map
 * and builds (and sorts) a new {@link KeyValues} each time a handler asks for them; Micrometer's
 * meter handler asks at start and again at stop, and a request's observation adds all of them
 * twice, so a pipe request paid about a third of its observation cost for that bookkeeping. Here
 * adding a set with the same keys replaces the old one, any other merges two sorted sets, and a
 * handler gets the set as it is. Writers are serialised; readers see the last set written.
 */
final class SortedKeyValues {

	private volatile KeyValues values = KeyValues.empty();

	/**
	 * All key values, sorted by key.
	 * @return the key values
	 */
	KeyValues all() {
		return this.values;
	}

	/**
	 * The key value of a key.
	 * @param key the key
	 * @return its key value, or {@code null} if the key has none
	 */
	@Nullable KeyValue get(String key) {
		for (KeyValue keyValue : this.values) {
			if (keyValue.getKey().equals(key)) {
				return keyValue;
			}
		}
		return null;
	}

	/**
	 * Add a key value, replacing the one of the same key.
	 * @param keyValue the key value
	 */
	synchronized void add(KeyValue keyValue) {
		this.values = this.values.and(keyValue);
	}

	/**
	 * Add key values, replacing those of the same keys.
	 * @param keyValues the key values
	 */
	synchronized void addAll(KeyValues keyValues) {
		KeyValues current = this.values;
		if (current != keyValues) {
			// A convention hands back every key each time: then the new set replaces the old one.
			this.values = sameKeys(current, keyValues) ? keyValues : current.and(keyValues);
		}
	}

	private static boolean sameKeys(KeyValues first, KeyValues second) {
		Iterator<KeyValue> firsts = first.iterator();
		Iterator<KeyValue> seconds = second.iterator();
		while (firsts.hasNext() && seconds.hasNext()) {
			if (!firsts.next().getKey().equals(seconds.next().getKey())) {
				return false;
			}
		}
		return !firsts.hasNext() && !seconds.hasNext();
	}

	/**
	 * Remove the key value of a key, if there is one.
	 * @param key the key
	 */
	synchronized void remove(String key) {
		if (get(key) == null) {
			return;
		}
		List<KeyValue> kept = new ArrayList<>();
		for (KeyValue keyValue : this.values) {
			if (!keyValue.getKey().equals(key)) {
				kept.add(keyValue);
			}
		}
		this.values = KeyValues.of(kept);
	}

}
