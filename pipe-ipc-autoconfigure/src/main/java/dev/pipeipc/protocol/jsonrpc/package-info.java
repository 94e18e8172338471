/**
 * The JSON-RPC 2.0 envelope: request validation, batches, error objects and dispatch to handlers.
 */
@NullMarked
package dev.pipeipc.protocol.jsonrpc;

import org.jspecify.annotations.NullMarked;
