package dev.pipeipc.sample;

import java.util.Map;

import dev.pipeipc.annotation.PipeControllerAdvice;
import dev.pipeipc.annotation.PipeExceptionHandler;
import dev.pipeipc.jsonrpc.JsonRpcError;

/**
 * Maps the order desk's exceptions to JSON-RPC errors once, for every handler, so handlers throw
 * domain exceptions and never build error objects.
 */
@PipeControllerAdvice
public class OrderErrors {

	/** Application error code: no order with the given id. */
	public static final int ORDER_NOT_FOUND = 1001;

	@PipeExceptionHandler
	JsonRpcError notFound(OrderNotFoundException ex) {
		return new JsonRpcError(ORDER_NOT_FOUND, String.valueOf(ex.getMessage()), Map.of("id", ex.getId()));
	}

}
