package dev.pipeipc.client;

import org.jspecify.annotations.Nullable;

/**
 * One JSON-RPC request a {@link PipeServiceProxyFactory} proxy makes, as it hands it to its
 * {@link PipeExchangeAdapter}.
 *
 * @param method the JSON-RPC method name, prefix included
 * @param params the params: a list (positional), a map (named), or {@code null} for none
 */
public record PipeRequest(String method, @Nullable Object params) {
}
