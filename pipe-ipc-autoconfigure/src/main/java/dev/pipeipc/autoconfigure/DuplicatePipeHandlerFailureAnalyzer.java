package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.pipeipc.config.DuplicatePipeHandlerException;

/**
 * Explains two handler methods that claim one JSON-RPC method name on one server.
 */
class DuplicatePipeHandlerFailureAnalyzer extends AbstractFailureAnalyzer<DuplicatePipeHandlerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DuplicatePipeHandlerException cause) {
		String name = cause.getDuplicate().getName();
		return new FailureAnalysis(cause.getMessage(), "Give one of the methods another name with @PipeHandler(\""
				+ name + "2\") or similar, or bind it to another server with @PipeHandler(server = \"<id>\").",
				cause);
	}

}
