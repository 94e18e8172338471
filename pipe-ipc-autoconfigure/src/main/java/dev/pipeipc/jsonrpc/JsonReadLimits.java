package dev.pipeipc.jsonrpc;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.ObjectMapper;

/**
 * How much JSON one message may make the parser build, beyond its size in bytes (which the
 * framing's maximum message size bounds before any parsing): Jackson's {@link StreamReadConstraints}
 * for a pipe. A message past any of them is refused by the parser; a server answers it with
 * {@link JsonRpcErrorCodes#PARSE_ERROR} and a {@code null} id, since its id was not read.
 *
 * @param maxNestingDepth most arrays and objects open at once
 * @param maxNumberLength most characters of one number
 * @param maxStringLength most characters of one string value
 * @param maxNameLength most characters of one property name
 */
public record JsonReadLimits(int maxNestingDepth, int maxNumberLength, int maxStringLength, int maxNameLength) {

	/** Jackson's own defaults: nesting 500, numbers 1,000, strings 100,000,000, names 50,000. */
	public static final JsonReadLimits DEFAULTS = new JsonReadLimits(StreamReadConstraints.DEFAULT_MAX_DEPTH,
			StreamReadConstraints.DEFAULT_MAX_NUM_LEN, StreamReadConstraints.DEFAULT_MAX_STRING_LEN,
			StreamReadConstraints.DEFAULT_MAX_NAME_LEN);

	/**
	 * Check every limit.
	 * @throws IllegalArgumentException naming a limit that is not at least 1
	 */
	public JsonReadLimits {
		positive("maximum nesting depth", maxNestingDepth);
		positive("maximum number length", maxNumberLength);
		positive("maximum string length", maxStringLength);
		positive("maximum name length", maxNameLength);
	}

	private static void positive(String limit, int value) {
		if (value < 1) {
			throw new IllegalArgumentException("The JSON " + limit + " must be at least 1, but was " + value + ".");
		}
	}

	/**
	 * These limits as Jackson's constraints; the document length and token count are left
	 * unlimited, since the maximum message size bounds both.
	 * @return the constraints
	 */
	public StreamReadConstraints toConstraints() {
		return StreamReadConstraints.builder()
			.maxNestingDepth(this.maxNestingDepth)
			.maxNumberLength(this.maxNumberLength)
			.maxStringLength(this.maxStringLength)
			.maxNameLength(this.maxNameLength)
			.build();
	}

	/**
	 * A parser factory for messages: the mapper's own (its features) rebuilt under these limits,
	 * so the application's mapper is left as it is, with buffers kept per thread. Jackson's
	 * default pool is one queue that every parse takes a buffer from and gives it back to: with
	 * many threads reading small messages at once (a server's I/O and worker threads, a client's
	 * callers) that queue was a measurable part of each message's cost.
	 * @param mapper the application's mapper
	 * @return the factory
	 */
	public TokenStreamFactory parserFactory(ObjectMapper mapper) {
		TokenStreamFactory own = mapper.tokenStreamFactory();
		JsonFactoryBuilder builder = (own instanceof JsonFactory json) ? json.rebuild() : JsonFactory.builder();
		return builder.streamReadConstraints(toConstraints()).recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
	}

}
