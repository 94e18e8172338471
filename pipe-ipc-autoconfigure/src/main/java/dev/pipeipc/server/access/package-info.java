/**
 * Who may use a pipe: allow-lists of users and groups, checked by the transport when a client
 * connects, before any of its bytes is read.
 */
@NullMarked
package dev.pipeipc.server.access;

import org.jspecify.annotations.NullMarked;
