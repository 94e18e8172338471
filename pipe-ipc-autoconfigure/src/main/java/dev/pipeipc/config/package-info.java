/**
 * Handler endpoints (one per annotated method), their registry, and the binding of JSON-RPC
 * params to Java arguments.
 */
@NullMarked
package dev.pipeipc.config;

import org.jspecify.annotations.NullMarked;
