package dev.pipeipc.sample;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * What a client sends to place an order: the whole params object of {@code orders.create}. The
 * constraints are checked before the handler runs; a client that breaks one gets error
 * {@code -32602} listing each violation.
 *
 * @param item what to order
 * @param quantity how many, 1 to 100
 */
public record NewOrder(@NotBlank(message = "must name an item") String item,
		@Min(value = 1, message = "must be at least 1") @Max(value = 100, message = "must be at most 100") int quantity) {

}
