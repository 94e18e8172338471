package dev.pipeipc.transport.unix;

import java.nio.ByteBuffer;

import dev.pipeipc.transport.PipeConnectionHandler;

/**
 * A connection handler for tests that only need connections to exist: it takes whatever arrives
 * and answers nothing.
 */
final class IgnoringHandler implements PipeConnectionHandler {

	@Override
	public void onData(ByteBuffer data) {
		data.position(data.limit());
	}

	@Override
	public void onInputClosed() {
	}

	@Override
	public void onClosed() {
	}

	@Override
	public boolean isIdle(long nowNanos, long idleNanos) {
		return false;
	}

}
