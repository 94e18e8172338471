/**
 * The transport SPI: how a pipe is bound, accepted and read, with one implementation per platform.
 */
@NullMarked
package dev.pipeipc.transport;

import org.jspecify.annotations.NullMarked;
