package com.example.orders;

/**
 * The params of the quick start's {@code orders.create}.
 *
 * @param item what to order
 * @param quantity how many
 */
public record NewOrder(String item, int quantity) {
}
