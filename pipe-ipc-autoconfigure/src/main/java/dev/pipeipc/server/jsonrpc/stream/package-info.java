/**
 * Handler results sent as streams the client pulls, in StreamJsonRpc's async-enumerable protocol
 * ({@code $/enumerator/next}, {@code $/enumerator/abort}): a {@code Flux} or other Reactive
 * Streams publisher (when on the classpath), a {@link java.util.concurrent.Flow.Publisher}, a
 * {@link java.util.stream.Stream}, or an {@code Iterator}/{@code Iterable} marked
 * {@code @PipeStream}. Each pull becomes demand on the publisher, bounded by the stream's settings.
 */
@NullMarked
package dev.pipeipc.server.jsonrpc.stream;

import org.jspecify.annotations.NullMarked;
