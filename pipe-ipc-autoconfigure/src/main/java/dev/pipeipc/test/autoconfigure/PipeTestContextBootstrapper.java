package dev.pipeipc.test.autoconfigure;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps {@link PipeTest @PipeTest} tests, applying its {@code properties}.
 */
class PipeTestContextBootstrapper extends TestSliceTestContextBootstrapper<PipeTest> {

}
