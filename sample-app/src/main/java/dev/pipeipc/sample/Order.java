package dev.pipeipc.sample;

import java.time.Instant;

/**
 * An order on the desk.
 *
 * @param id the order number
 * @param item what was ordered
 * @param quantity how many
 * @param status where the order stands
 * @param createdAt when it was placed
 */
public record Order(long id, String item, int quantity, Status status, Instant createdAt) {

	/**
	 * Where an order stands.
	 */
	public enum Status {

		/** Placed and waiting to be shipped. */
		OPEN,

		/** Cancelled by a client. */
		CANCELLED

	}

	Order cancelled() {
		return new Order(this.id, this.item, this.quantity, Status.CANCELLED, this.createdAt);
	}

}
