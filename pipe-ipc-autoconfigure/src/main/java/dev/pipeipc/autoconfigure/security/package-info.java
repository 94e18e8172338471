/**
 * Spring Security for pipe handlers: the peer of each connection becomes the
 * {@code Authentication} of every handler call made for it.
 */
@NullMarked
package dev.pipeipc.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
