/**
 * Handler endpoints (one per annotated method: bean, method, name, server, and the parameter names
 * the code declares) and their registry. No JSON and no protocol: protocols decide how a message
 * becomes arguments.
 */
@NullMarked
package dev.pipeipc.config;

import org.jspecify.annotations.NullMarked;
