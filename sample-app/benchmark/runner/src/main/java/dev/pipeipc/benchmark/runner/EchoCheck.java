package dev.pipeipc.benchmark.runner;

import java.io.IOException;

/**
 * Checks an answer's size against the size an exact echo has. A server that answers with an error
 * object, a different payload or a truncated body fails the check.
 */
final class EchoCheck {

	private EchoCheck() {
	}

	static void size(String what, long expected, long actual) throws IOException {
		if (expected != actual) {
			throw new IOException(what + " answered " + actual + " bytes where an echo has " + expected);
		}
	}

}
