/**
 * The JSON-RPC 2.0 envelope that servers and clients share: error codes, the exception that carries
 * an error object, and method names with a protocol meaning.
 */
@NullMarked
package dev.pipeipc.jsonrpc;

import org.jspecify.annotations.NullMarked;
