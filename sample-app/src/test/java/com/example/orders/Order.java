package com.example.orders;

/**
 * An order of the quick start.
 *
 * @param id the order number
 * @param item what was ordered
 * @param quantity how many
 */
public record Order(long id, String item, int quantity) {
}
