/**
 * Auto-configuration of Micrometer for pipes: observations of every server's requests and every
 * configured client's calls (when there is an {@code ObservationRegistry}), and each server's
 * meters (when there is a {@code MeterRegistry}).
 */
@NullMarked
package dev.pipeipc.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
