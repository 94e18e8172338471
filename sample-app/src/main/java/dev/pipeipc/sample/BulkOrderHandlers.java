package dev.pipeipc.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.PipeProgress;

/**
 * A long call that reports its progress: the caller passes a token (any JSON value) in the
 * {@code progress} param, and the server sends a {@code $/progress} notification
 * {@code {"token": ..., "value": {"done": 1, "total": 3}}} after each order, all before the
 * response. A caller that passes {@code null} or leaves the param out gets no progress.
 */
@Component
public class BulkOrderHandlers {

	private final OrderDesk desk;

	public BulkOrderHandlers(OrderDesk desk) {
		this.desk = desk;
	}

	/**
	 * Named params: {@code {"item": "tea", "count": 3, "progress": 7}} places three orders of one
	 * tea each for the calling tenant and answers them.
	 */
	@PipeHandler("orders.placeMany")
	public List<Order> placeMany(String item, int count, PipeProgress<Placed> progress, Tenant tenant) {
		if (count < 1 || count > 1000) {
			throw new IllegalArgumentException("orders.placeMany places 1 to 1000 orders, not " + count + ".");
		}
		List<Order> placed = new ArrayList<>(count);
		for (int done = 1; done <= count; done++) {
			placed.add(this.desk.place(tenant, item, 1));
			progress.report(new Placed(done, count));
		}
		return placed;
	}

	/**
	 * The value of each progress report.
	 *
	 * @param done orders placed so far
	 * @param total orders to place
	 */
	public record Placed(int done, int total) {
	}

}
