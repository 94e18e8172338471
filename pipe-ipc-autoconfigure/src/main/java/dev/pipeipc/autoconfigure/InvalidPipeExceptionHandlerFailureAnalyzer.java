package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.pipeipc.server.jsonrpc.annotation.InvalidPipeExceptionHandlerException;

/**
 * Explains a {@code @PipeExceptionHandler} method that cannot be used: which bean and method, what
 * is wrong (two methods for one exception type, a parameter or return type an exception handler
 * cannot have), and what to change.
 */
class InvalidPipeExceptionHandlerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPipeExceptionHandlerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPipeExceptionHandlerException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
