package dev.pipeipc.benchmark.runner;

/**
 * One record of the stream benchmark, about 100 bytes of JSON:
 * {@code {"id":42,"name":"item-42","note":"..."}}. The pipe-ipc server builds the same records in
 * {@code dev.pipeipc.benchmark.pipe.StreamHandlers} and lets Jackson write them; the floor writes
 * them by string concatenation, so both send the same bytes.
 *
 * @param id the record's number, from 0
 * @param name {@code item-<id>}
 * @param note a fixed text that brings the record to about 100 bytes
 */
record StreamItem(long id, String name, String note) {

	/** 54 characters: with a 7-digit id the record is 100 bytes of JSON. */
	static final String NOTE = "a small record, as a log line or a search hit would be";

	static StreamItem of(long id) {
		return new StreamItem(id, "item-" + id, NOTE);
	}

	/**
	 * The record as the servers write it, without a JSON library.
	 */
	static String json(long id) {
		return "{\"id\":" + id + ",\"name\":\"item-" + id + "\",\"note\":\"" + NOTE + "\"}";
	}

	/**
	 * The JSON bytes of records {@code 0} to {@code count - 1}: what every mode of the stream
	 * benchmark moves, and what its MB/s counts.
	 */
	static long bytes(long count) {
		long total = 0;
		for (long id = 0; id < count; id++) {
			total += 32 + NOTE.length() + 2 * Long.toString(id).length();
		}
		return total;
	}

}
