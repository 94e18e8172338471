/**
 * The {@link dev.pipeipc.annotation.PipeHandler @PipeHandler} annotation and the post-processor that
 * finds annotated methods on Spring beans.
 */
@NullMarked
package dev.pipeipc.annotation;

import org.jspecify.annotations.NullMarked;
