/**
 * Reactor for the pipe client: {@link dev.pipeipc.client.reactive.ReactivePipeClient} offers a
 * {@link dev.pipeipc.client.PipeClient}'s streams as {@code Flux}es. A package of its own so that
 * only applications with Reactor on the classpath ever load a class that names it.
 */
@NullMarked
package dev.pipeipc.client.reactive;

import org.jspecify.annotations.NullMarked;
