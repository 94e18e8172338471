/**
 * The server side of JSON-RPC 2.0: request validation, batches, dispatch to handler endpoints,
 * parameter binding, cancellation and error replies.
 */
@NullMarked
package dev.pipeipc.server.jsonrpc;

import org.jspecify.annotations.NullMarked;
