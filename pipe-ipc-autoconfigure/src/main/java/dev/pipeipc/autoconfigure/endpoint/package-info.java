/**
 * Actuator support: the {@code pipes} endpoint, and the handler methods in
 * {@code /actuator/mappings}.
 */
@NullMarked
package dev.pipeipc.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
