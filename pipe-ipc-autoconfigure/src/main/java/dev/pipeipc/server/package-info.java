/**
 * Pipe servers: lifecycle, connections and sessions, independent of the operating system transport.
 */
@NullMarked
package dev.pipeipc.server;

import org.jspecify.annotations.NullMarked;
