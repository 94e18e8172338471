package dev.pipeipc.sample;

/**
 * What a client sends to place an order: the whole params object of {@code orders.create}.
 *
 * @param item what to order
 * @param quantity how many, at least 1
 */
public record NewOrder(String item, int quantity) {

}
