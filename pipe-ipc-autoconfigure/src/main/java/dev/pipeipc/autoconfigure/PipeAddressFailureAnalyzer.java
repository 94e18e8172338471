package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.pipeipc.server.PipeServerStartException;
import dev.pipeipc.transport.PipeAddressException;

/**
 * Explains a pipe server that could not start because its address cannot be used as configured.
 */
class PipeAddressFailureAnalyzer extends AbstractFailureAnalyzer<PipeAddressException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipeAddressException cause) {
		PipeServerStartException start = findCause(rootFailure, PipeServerStartException.class);
		String name = (start != null) ? start.getPipeName() : cause.getAddress();
		return new FailureAnalysis("Pipe server '" + name + "' could not start: " + cause.getProblem(),
				cause.getAction(), cause);
	}

}
