/**
 * Win32 named pipe transport: instance management, accept loop, message reassembly and shutdown,
 * written against {@link dev.pipeipc.transport.windows.NamedPipeApi} so that the same logic runs
 * on Kernel32 through JNA on Windows and can be exercised against real Win32 semantics elsewhere.
 */
@NullMarked
package dev.pipeipc.transport.windows;

import org.jspecify.annotations.NullMarked;
