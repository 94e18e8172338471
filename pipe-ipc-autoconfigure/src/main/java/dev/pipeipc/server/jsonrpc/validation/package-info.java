/**
 * Bean Validation of handler arguments and results through Spring's
 * {@code MethodValidationAdapter}: the {@link dev.pipeipc.server.jsonrpc.PipeHandlerValidator} the
 * auto-configuration installs when the application has a {@code jakarta.validation.Validator}.
 */
@NullMarked
package dev.pipeipc.server.jsonrpc.validation;

import org.jspecify.annotations.NullMarked;
