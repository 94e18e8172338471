/**
 * The implementations of {@link dev.pipeipc.server.jsonrpc}'s extension points that the annotations
 * of {@link dev.pipeipc.annotation} drive: {@code @PipeRequestId} and {@code @PipeParams} arguments,
 * and {@code @PipeExceptionHandler} methods on handler beans and on {@code @PipeControllerAdvice}
 * beans.
 */
@NullMarked
package dev.pipeipc.server.jsonrpc.annotation;

import org.jspecify.annotations.NullMarked;
