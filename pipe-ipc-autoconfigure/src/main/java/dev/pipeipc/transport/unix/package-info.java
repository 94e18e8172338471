/**
 * Unix domain socket transport built on the JDK (non-blocking channels and selectors).
 */
@NullMarked
package dev.pipeipc.transport.unix;

import org.jspecify.annotations.NullMarked;
