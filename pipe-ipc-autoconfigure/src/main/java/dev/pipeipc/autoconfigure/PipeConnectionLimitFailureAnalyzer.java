package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.pipeipc.server.PipeServerStartException;
import dev.pipeipc.transport.PipeConnectionLimitException;

/**
 * Explains a pipe server that could not start because its transport cannot enforce the configured
 * connection limit (a Win32 named pipe limits a name to at most 254 instances), naming the property
 * that sets it.
 */
class PipeConnectionLimitFailureAnalyzer extends AbstractFailureAnalyzer<PipeConnectionLimitException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipeConnectionLimitException cause) {
		PipeServerStartException start = findCause(rootFailure, PipeServerStartException.class);
		String name = (start != null) ? start.getPipeName() : cause.getAddress();
		return new FailureAnalysis("Pipe server '" + name + "' could not start: " + cause.getMessage(),
				"Set 'pipe.server.max-connections' (or 'pipe.servers.<id>.max-connections' for an additional"
						+ " server) to a value from " + cause.getMinimum() + " to " + cause.getMaximum()
						+ ", or to -1 for no limit.",
				cause);
	}

}
