/**
 * Micrometer observations of pipe requests, one instrumentation for metrics and traces:
 * {@link dev.pipeipc.observation.ObservationPipeRequestObserver} observes each request a server
 * handles and {@link dev.pipeipc.observation.ObservationPipeCallObserver} each call a client
 * makes, named and keyed as {@link dev.pipeipc.observation.PipeObservationDocumentation} lists,
 * through conventions an application can replace. The contexts carry W3C trace context across
 * the pipe both ways. Needs {@code micrometer-observation}; the engine does not.
 */
@NullMarked
package dev.pipeipc.observation;

import org.jspecify.annotations.NullMarked;
