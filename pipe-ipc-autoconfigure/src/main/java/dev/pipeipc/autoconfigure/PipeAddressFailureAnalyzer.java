package dev.pipeipc.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.pipeipc.server.PipeServerStartException;
import dev.pipeipc.transport.PipeAddressConflictException;
import dev.pipeipc.transport.PipeAddressException;
import dev.pipeipc.transport.PipeAddressTooLongException;
import dev.pipeipc.transport.PipeDirectoryException;
import dev.pipeipc.transport.PipeDirectoryTrustException;

/**
 * Explains a pipe server that could not start because its address cannot be used as configured,
 * naming the properties that set the address.
 */
class PipeAddressFailureAnalyzer extends AbstractFailureAnalyzer<PipeAddressException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipeAddressException cause) {
		PipeServerStartException start = findCause(rootFailure, PipeServerStartException.class);
		String name = (start != null) ? start.getPipeName() : cause.getAddress();
		return new FailureAnalysis("Pipe server '" + name + "' could not start: " + cause.getProblem(), action(cause),
				cause);
	}

	private static String action(PipeAddressException cause) {
		if (cause instanceof PipeAddressTooLongException tooLong) {
			return "Set 'pipe.server.directory' to a shorter directory (such as /tmp) or shorten 'pipe.server.name'"
					+ " by at least " + tooLong.getExcess() + " bytes.";
		}
		if (cause instanceof PipeDirectoryTrustException untrusted) {
			return "Set 'pipe.server.directory' to a directory only this user (or root) owns and can write to,"
					+ " such as $XDG_RUNTIME_DIR or a directory with mode 700, or fix the owner or mode of '"
					+ untrusted.getDirectory() + "'. To serve from it anyway, accepting that another user may"
					+ " replace the socket, set 'pipe.server.allow-shared-directory=true'.";
		}
		if (cause instanceof PipeDirectoryException) {
			return "Create the directory or set 'pipe.server.directory' to a writable directory.";
		}
		if (cause instanceof PipeAddressConflictException) {
			return cause.getAction() + " The pipe name is set by 'pipe.server.name'.";
		}
		return cause.getAction();
	}

}
