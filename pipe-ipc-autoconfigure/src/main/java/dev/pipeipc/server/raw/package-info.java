/**
 * The raw protocol: every message goes unchanged to the server's one raw handler, for clients that
 * exchange their own byte messages (such as seed-style Win32 clients in message mode).
 */
@NullMarked
package dev.pipeipc.server.raw;

import org.jspecify.annotations.NullMarked;
