package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.pipeipc.server.jsonrpc.UnsupportedHandlerTypeException;

/**
 * Explains a JSON-RPC handler that takes or returns a type with no JSON form: which bean, method
 * and parameter, why the type cannot be used, and what to use instead.
 */
class UnsupportedHandlerTypeFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedHandlerTypeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedHandlerTypeException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
