package dev.pipeipc.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.origin.Origin;

/**
 * Thrown at startup when pipe properties hold values out of their allowed range. Lists every such
 * value at once, so that one failed start shows all of them.
 */
public class InvalidPipePropertiesException extends RuntimeException {

	private final List<InvalidValue> invalidValues;

	InvalidPipePropertiesException(List<InvalidValue> invalidValues) {
		super("Invalid pipe configuration: " + invalidValues.stream()
			.map(InvalidValue::describe)
			.collect(Collectors.joining("; ")) + ".");
		this.invalidValues = List.copyOf(invalidValues);
	}

	/**
	 * The values out of range.
	 * @return one entry per property, in the order the properties are declared
	 */
	public List<InvalidValue> getInvalidValues() {
		return this.invalidValues;
	}

	/**
	 * One property value out of its allowed range.
	 *
	 * @param property the property name, such as {@code pipe.server.max-threads}
	 * @param writtenAs the name the value was set with, when it is a deprecated name of the
	 * property, else {@code null}
	 * @param value the value as written in the configuration, or as bound when its source is
	 * unknown
	 * @param allowed the allowed values, as a phrase that completes "must be ..."
	 * @param origin where the value was set, when known
	 */
	public record InvalidValue(String property, @Nullable String writtenAs, Object value, String allowed, @Nullable Origin origin) {

		/**
		 * Describe the value in one sentence fragment: the property, the bad value, where it
		 * was set and the allowed range.
		 * @return the description
		 */
		public String describe() {
			String name = (this.writtenAs != null) ? "'" + this.property + "' (set as '" + this.writtenAs + "')"
					: "'" + this.property + "'";
			String from = (this.origin != null) ? " (from " + this.origin + ")" : "";
			return name + " is '" + this.value + "'" + from + ", but must be " + this.allowed;
		}

	}

}
