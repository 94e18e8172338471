/**
 * The Java pipe client: calls JSON-RPC methods on a pipe by the same naming rules and framings as
 * the server, with typed results, pipelining, timeouts, cancellation and server notifications.
 * Usable with or without Spring.
 * <p>
 * {@link dev.pipeipc.client.PipeClient} is a facade over small parts, each tested alone. A call
 * goes out through {@code RequestEncoder} (JSON-RPC request, framing) and {@code RequestSender},
 * onto the live {@code Connection} that {@code ConnectionSource} hands out (connecting on its own
 * thread through {@code ConnectRetry}, reconnecting after {@code ReconnectBackoff}); the connection
 * registers it in its own {@code PendingCalls} before writing it to its
 * {@link dev.pipeipc.transport.ClientChannel}. The answer comes back through the connection's
 * {@code ChannelReader} (bytes to frames), and {@code ResponseRouter} completes the call of its id or
 * hands a notification to {@code NotificationListeners}.
 * <p>
 * A stream a method answers (StreamJsonRpc's async-enumerable protocol) is consumed through
 * {@code RemoteEnumerator}, one state machine for the blocking {@code EnumeratorIterator} behind
 * {@link dev.pipeipc.client.PipeClient#stream} and the {@code EnumeratorSubscription} behind
 * {@link dev.pipeipc.client.PipeClient#streamPublisher}.
 * <p>
 * {@link dev.pipeipc.client.PipeServiceProxyFactory} turns
 * {@link dev.pipeipc.annotation.PipeExchange @PipeExchange} interfaces into clients that call
 * through a {@link dev.pipeipc.client.PipeExchangeAdapter}, such as a
 * {@link dev.pipeipc.client.PipeClientAdapter}.
 */
@NullMarked
package dev.pipeipc.client;

import org.jspecify.annotations.NullMarked;
