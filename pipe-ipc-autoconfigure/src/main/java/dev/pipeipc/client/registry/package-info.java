/**
 * Spring registration of {@link dev.pipeipc.annotation.PipeExchange @PipeExchange} clients:
 * {@link dev.pipeipc.client.registry.ImportPipeExchanges @ImportPipeExchanges} on a configuration
 * class turns interfaces into beans backed by a configured {@link dev.pipeipc.client.PipeClient}.
 * Kept apart from {@code client}, which runs without Spring.
 */
@NullMarked
package dev.pipeipc.client.registry;

import org.jspecify.annotations.NullMarked;
