package dev.pipeipc.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.PipeProgress;

/**
 * {@code orders.import}: places many orders at once and reports its progress as it goes, the way
 * a desktop UI drives a progress bar. The caller passes a progress token as the second param
 * (positional {@code [[{"item": "tea", "quantity": 1}, ...], 7]}) or as {@code progress} (named
 * {@code {"orders": [...], "progress": 7}}); before the answer, the server sends one
 * {@code $/progress} notification {@code {"token": 7, "value": {"done": 1, "total": 3, "item": "tea"}}}
 * per order placed. A {@code null} or missing token asks for no progress.
 */
@Component
public class ImportHandler {

	private final OrderDesk desk;

	public ImportHandler(OrderDesk desk) {
		this.desk = desk;
	}

	/**
	 * Place every order for the calling tenant, reporting after each.
	 * @param orders the orders to place
	 * @param progress where to report, after each order
	 * @param tenant whose orders they are (not a param)
	 * @return the orders placed, in the order given
	 */
	// tag::import[]
	@PipeHandler("orders.import")
	public List<Order> importOrders(List<NewOrder> orders, PipeProgress<ImportProgress> progress, Tenant tenant) {
		List<Order> placed = new ArrayList<>(orders.size());
		for (NewOrder order : orders) {
			placed.add(this.desk.place(tenant, order.item(), order.quantity()));
			progress.report(new ImportProgress(placed.size(), orders.size(), order.item()));
		}
		return placed;
	}
	// end::import[]

	/**
	 * How far an import has got.
	 *
	 * @param done orders placed so far
	 * @param total orders to place
	 * @param item the item of the order just placed
	 */
	public record ImportProgress(int done, int total, String item) {
	}

}
