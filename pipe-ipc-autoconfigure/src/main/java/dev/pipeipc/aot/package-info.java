/**
 * Ahead-of-time processing and native images: the runtime hints for what the library reaches
 * by reflection, proxies and JNI, which a native image must know when it is built. Handler beans
 * and {@code @PipeExchange} client beans are found by bean registration AOT processors, the Win32
 * interfaces of the Windows transport by a {@code RuntimeHintsRegistrar}; all are registered in
 * {@code META-INF/spring/aot.factories}.
 */
@NullMarked
package dev.pipeipc.aot;

import org.jspecify.annotations.NullMarked;
