package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.pipeipc.server.PipeServerStartException;
import dev.pipeipc.transport.PipeInUseException;

/**
 * Explains a pipe server that could not start because another live server owns its pipe.
 */
class PipeInUseFailureAnalyzer extends AbstractFailureAnalyzer<PipeInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipeInUseException cause) {
		PipeServerStartException start = findCause(rootFailure, PipeServerStartException.class);
		String name = (start != null) ? start.getPipeName() : cause.getAddress();
		return new FailureAnalysis("Pipe server '" + name + "' could not start: '" + cause.getAddress()
				+ "' is already served by another running process. The running server was left untouched.",
				"Stop the process that serves '" + cause.getAddress() + "', or give this application another pipe"
						+ " with 'pipe.server.name' (or 'pipe.servers.<id>.name').",
				cause);
	}

}
