/**
 * The Java pipe client: calls JSON-RPC methods on a pipe by the same naming rules and framings as
 * the server, with typed results, pipelining, timeouts, cancellation and server notifications.
 * Usable with or without Spring.
 */
@NullMarked
package dev.pipeipc.client;

import org.jspecify.annotations.NullMarked;
