/**
 * Unix domain socket transport built on the JDK (non-blocking channels and selectors).
 * <p>
 * Server side, in the order a connection meets them: {@link dev.pipeipc.transport.unix.SocketFile}
 * binds the path; {@link dev.pipeipc.transport.unix.UnixSocketListener} accepts and hands each
 * connection to a {@link dev.pipeipc.transport.unix.SelectorLoop}, whose
 * {@link dev.pipeipc.transport.unix.InboundReader} passes what arrives to the connection's
 * handler. A handler may run on the loop's thread through its
 * {@link dev.pipeipc.transport.unix.InlineRunner}, watched by the
 * {@link dev.pipeipc.transport.unix.HandOverWatchdog}. Replies leave through the
 * {@link dev.pipeipc.transport.unix.UnixSocketConnection}'s
 * {@link dev.pipeipc.transport.unix.OutboundQueue}; its
 * {@link dev.pipeipc.transport.unix.SelectionInterest} pauses reading from a peer that does not
 * read, and the loop's {@link dev.pipeipc.transport.unix.ConnectionSweeper} closes idle and
 * lingering connections. Client side: {@link dev.pipeipc.transport.unix.UnixClientChannel}.
 */
@NullMarked
package dev.pipeipc.transport.unix;

import org.jspecify.annotations.NullMarked;
