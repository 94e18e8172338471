package dev.pipeipc.client;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link PipeCallObserver} is told of a call or notification before it is written.
 *
 * @param pipeName the name of the pipe the client calls
 * @param transport {@code unix} for a Unix domain socket, {@code pipe} for a Win32 named pipe
 * @param method the method called
 * @param id the call's id as text, or {@code null} for a notification
 */
public record PipeClientCall(String pipeName, String transport, String method, @Nullable String id) {

	/**
	 * Whether this is a notification, which the server never answers.
	 * @return {@code true} when there is no id
	 */
	public boolean isNotification() {
		return this.id == null;
	}

}
