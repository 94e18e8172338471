/**
 * Message framings: how a stream of bytes is cut into messages and how replies are framed. Each
 * {@link dev.pipeipc.codec.Framing} pairs a {@link dev.pipeipc.codec.FrameDecoder} per connection,
 * which reports frames and {@link dev.pipeipc.codec.FrameError}s to a
 * {@link dev.pipeipc.codec.FrameSink}, with a shared {@link dev.pipeipc.codec.FrameEncoder}.
 * Depends on the JDK only.
 */
@NullMarked
package dev.pipeipc.codec;

import org.jspecify.annotations.NullMarked;
