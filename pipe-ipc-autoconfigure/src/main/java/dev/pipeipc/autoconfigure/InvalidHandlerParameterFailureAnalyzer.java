package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.pipeipc.server.jsonrpc.InvalidHandlerParameterException;

/**
 * Explains a handler parameter that its argument resolver cannot serve, such as
 * {@code @PipeRequestId} on a type a request id cannot be: which handler, bean, method and
 * parameter, and what to declare instead.
 */
class InvalidHandlerParameterFailureAnalyzer extends AbstractFailureAnalyzer<InvalidHandlerParameterException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidHandlerParameterException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
