package dev.pipeipc.transport;

import java.io.IOException;

/**
 * Binds pipes on one platform. A transport knows how bytes move (Unix domain sockets, Win32 named
 * pipes) and nothing of what they mean: decoding, dispatch and replies belong to the
 * {@link PipeConnectionListener} it is given.
 */
public interface PipeTransport {

	/**
	 * Bind the pipe and start accepting connections.
	 * @param options where and how to listen
	 * @param listener told of each accepted or refused connection
	 * @return the listening pipe, to be closed when the server stops
	 * @throws PipeInUseException if a live server already owns the address
	 * @throws IOException if the pipe cannot be bound for another reason
	 */
	PipeListener listen(PipeListenOptions options, PipeConnectionListener listener) throws IOException;

}
