package dev.pipeipc.server.jsonrpc.stream;

/**
 * What a handler returned, seen as Reactive Streams sees a publisher: it sends no more items than
 * were {@linkplain #request requested}, so the stream holds a bounded number of them.
 */
interface ItemSource {

	/**
	 * Start delivering to a sink; nothing is delivered before the first {@link #request}, except
	 * an end that is known at once (an empty publisher).
	 * @param sink where items and the end go
	 */
	void start(ItemSink sink);

	/**
	 * Ask for more items.
	 * @param n how many more, positive
	 */
	void request(long n);

	/**
	 * Stop: cancel the subscription or close the stream. Idempotent, and harmless after the end.
	 */
	void cancel();

}
