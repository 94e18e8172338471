package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeer;
import dev.pipeipc.transport.PipeServerTrustException;

/**
 * What a client checks before it talks to a Unix socket server: before connecting, that the
 * socket file (not followed if it is a link) is owned by this user or the trusted one; after
 * connecting, that the process that accepted runs as this user or the trusted one, by the
 * kernel's peer credentials. The second check is the one that counts: it also covers a socket
 * replaced between the two steps.
 */
final class ServerCheck {

	private final @Nullable String trustedUser;

	/**
	 * Create a check.
	 * @param trustedUser a user, by name or numeric id, whose servers are trusted besides this
	 * process's own user, or {@code null} to trust this user only
	 */
	ServerCheck(@Nullable String trustedUser) {
		this.trustedUser = (trustedUser != null && !trustedUser.isBlank()) ? trustedUser : null;
	}

	void beforeConnect(Path socket) throws IOException {
		Map<String, Object> attributes;
		try {
			attributes = Files.readAttributes(socket, "unix:uid,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			// Nobody listens yet: connecting fails the usual way, and may be tried again.
			return;
		}
		catch (UnsupportedOperationException ex) {
			return;
		}
		if (Boolean.TRUE.equals(attributes.get("isSymbolicLink"))) {
			throw new PipeServerTrustException(socket.toString(), "?", "Socket '" + socket
					+ "' is a symbolic link; a pipe server never creates one, and it may lead to another user's"
					+ " socket. Connect to the socket's real path instead.");
		}
		long uid = ((Number) Objects.requireNonNull(attributes.get("uid"), "unix:uid")).longValue();
		String owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS).getName();
		if (!CurrentUser.is(uid, owner) && !isTrusted(owner, Long.toString(uid))) {
			throw new PipeServerTrustException(socket.toString(), owner, "Socket '" + socket + "' belongs to user '"
					+ owner + "', not to '" + CurrentUser.name() + "'" + trustedClause()
					+ ", so the server behind it may be an impostor that replaced the real one. Remove the socket"
					+ " and restart the server, or trust that user explicitly (server user setting of the client).");
		}
	}

	void afterConnect(Path socket, SocketChannel channel) throws IOException {
		PipePeer server = UnixPeers.read(channel);
		if (server == null || server.user() == null) {
			throw new PipeServerTrustException(socket.toString(), "?", "The server at '" + socket
					+ "' could not be identified (no peer credentials on this platform), so the client refuses it.");
		}
		if (CurrentUser.name().equals(server.user())
				|| (server.userId() != null && Long.toString(CurrentUser.uid()).equals(server.userId()))) {
			return;
		}
		if (isTrusted(server.user(), server.userId())) {
			return;
		}
		throw new PipeServerTrustException(socket.toString(), server.user(), "The server at '" + socket
				+ "' runs as user '" + server.user() + "', not as '" + CurrentUser.name() + "'" + trustedClause()
				+ ", so it may be an impostor that took the socket's place. Check which process listens there, or"
				+ " trust that user explicitly (server user setting of the client).");
	}

	private boolean isTrusted(@Nullable String name, @Nullable String id) {
		String trusted = this.trustedUser;
		return trusted != null && (trusted.equals(name) || trusted.equals(id));
	}

	private String trustedClause() {
		return (this.trustedUser != null) ? " nor to the trusted '" + this.trustedUser + "'" : "";
	}

}
