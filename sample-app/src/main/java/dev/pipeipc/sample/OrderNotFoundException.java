package dev.pipeipc.sample;

/**
 * No order has the id a client asked for: the desk's own exception, which {@link OrderErrors}
 * answers with error {@value OrderErrors#ORDER_NOT_FOUND}.
 */
public class OrderNotFoundException extends RuntimeException {

	private final long id;

	public OrderNotFoundException(long id) {
		super("Order " + id + " does not exist");
		this.id = id;
	}

	public long getId() {
		return this.id;
	}

}
