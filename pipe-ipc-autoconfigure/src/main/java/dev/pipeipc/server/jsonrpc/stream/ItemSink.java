package dev.pipeipc.server.jsonrpc.stream;

/**
 * Where an {@link ItemSource} delivers: Reactive Streams' subscriber signals, without the
 * subscription, so publishers of every flavour and plain iterators look alike to a stream.
 */
interface ItemSink {

	void onNext(Object item);

	void onError(Throwable error);

	void onComplete();

}
