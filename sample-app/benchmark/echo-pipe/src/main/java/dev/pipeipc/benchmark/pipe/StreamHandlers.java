package dev.pipeipc.benchmark.pipe;

import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;

/**
 * The stream benchmark's handlers: the same records, about 100 bytes of JSON each, once as one
 * array result and once as a stream that the client pulls. Left out with
 * {@code --benchmark.handlers=false}, as the startup comparison's {@code idle} variant does.
 */
@Component
@ConditionalOnBooleanProperty(name = "benchmark.handlers", matchIfMissing = true)
public class StreamHandlers {

	/** 54 characters: with a 7-digit id a record is 100 bytes of JSON. */
	private static final String NOTE = "a small record, as a log line or a search hit would be";

	/**
	 * All the records in one answer: the server holds them all, encodes one message of about
	 * {@code 100 * count} bytes, and the client decodes it whole.
	 */
	@PipeHandler("bench.items")
	public List<Item> items(int count) {
		return LongStream.range(0, count).mapToObj(Item::of).toList();
	}

	/**
	 * The same records as a stream, made as the client pulls them: neither side ever holds more
	 * than the batches in flight.
	 */
	@PipeHandler("bench.itemStream")
	public Stream<Item> itemStream(int count) {
		return LongStream.range(0, count).mapToObj(Item::of);
	}

	/**
	 * A record of the benchmark.
	 *
	 * @param id the record's number, from 0
	 * @param name {@code item-<id>}
	 * @param note a fixed text
	 */
	public record Item(long id, String name, String note) {

		static Item of(long id) {
			return new Item(id, "item-" + id, NOTE);
		}

	}

}
