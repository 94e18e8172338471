/**
 * Health of the pipe servers for Spring Boot's health endpoint: a {@code pipe} contributor with
 * one indicator per server.
 */
@NullMarked
package dev.pipeipc.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
