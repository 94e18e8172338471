package dev.pipeipc.transport.windows;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeer;

/**
 * Reads who is at the other end of a connected pipe instance: the process id
 * ({@code GetNamedPipeClientProcessId}), and the account and groups from the client's access token
 * ({@link NamedPipeApi#clientToken}), the SIDs as ids. The user name is the one
 * {@code GetNamedPipeHandleState} gives, else the token account's {@code DOMAIN\name}.
 */
final class WindowsPeers {

	private WindowsPeers() {
	}

	/**
	 * Identify the client of a connected instance.
	 * @param api the Win32 calls
	 * @param handle the instance
	 * @return the peer, or {@code null} if Windows tells nothing about it
	 */
	static @Nullable PipePeer read(NamedPipeApi api, long handle) {
		long pid = api.clientProcessId(handle);
		NamedPipeApi.ClientToken token = api.clientToken(handle);
		String user = api.clientUserName(handle);
		if (user == null && token != null) {
			user = token.userName();
		}
		if (pid <= 0 && user == null && token == null) {
			return null;
		}
		if (token == null) {
			return new PipePeer(user, null, pid);
		}
		return new PipePeer(user, null, pid, token.userSid(), null, token.groups());
	}

}
