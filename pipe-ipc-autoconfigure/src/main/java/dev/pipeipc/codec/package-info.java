/**
 * Message framings: how a stream of bytes is cut into messages and how replies are framed.
 */
@NullMarked
package dev.pipeipc.codec;

import org.jspecify.annotations.NullMarked;
