/**
 * Spring Boot auto-configuration, configuration properties and failure analyzers.
 */
@NullMarked
package dev.pipeipc.autoconfigure;

import org.jspecify.annotations.NullMarked;
