/**
 * Testing pipe handlers over a real pipe: {@link dev.pipeipc.test.PipeTester} calls a server as a
 * client would and asserts on what comes back (results, errors, notifications) in AssertJ's
 * style. Needs AssertJ on the test class path.
 *
 * @see dev.pipeipc.test.autoconfigure.PipeTest
 */
@NullMarked
package dev.pipeipc.test;

import org.jspecify.annotations.NullMarked;
