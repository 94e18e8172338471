/**
 * The pipe server engine, without Spring: {@link dev.pipeipc.server.PipeServer} (built with
 * {@link dev.pipeipc.server.PipeServer#builder}) binds a pipe through a transport and serves each
 * connection one way: bytes are cut into messages by the framing's decoder, each message is
 * started on a worker and handed to the {@link dev.pipeipc.server.PipeProtocol} opened for its
 * session, and the reply is framed and written back. Sub-packages hold the protocols.
 */
@NullMarked
package dev.pipeipc.server;

import org.jspecify.annotations.NullMarked;
