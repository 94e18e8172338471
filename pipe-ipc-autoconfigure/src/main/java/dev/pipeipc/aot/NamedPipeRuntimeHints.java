package dev.pipeipc.aot;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * Runtime hints for the Windows transport, which calls Kernel32 and Advapi32 through JNA. JNA
 * binds each library interface as a JDK proxy whose handler reads the called method and the
 * interface's option fields by reflection, fills and reads Win32 structures through their public
 * fields, creates the handle types it returns, and loads its dispatch library from the jar.
 * JNA's own JNI access (its native code calling back into {@code com.sun.jna} and the JDK) comes
 * with JNA's entry in the GraalVM reachability metadata repository, which native builds apply by
 * default. Registered only when JNA is on the class path.
 */
class NamedPipeRuntimeHints implements RuntimeHintsRegistrar {

	private static final String JNA_NATIVE = "com.sun.jna.Native";

	/** The Win32 interfaces of the transport, bound by {@code Native.load}. */
	static final List<String> LIBRARY_INTERFACES = List.of("dev.pipeipc.transport.windows.Win32Pipes$Kernel32",
			"dev.pipeipc.transport.windows.Win32Pipes$Advapi32");

	/** The structures passed to those functions, read and written field by field. */
	static final List<String> STRUCTURES = List.of("com.sun.jna.platform.win32.WinBase$OVERLAPPED",
			"com.sun.jna.platform.win32.WinBase$SECURITY_ATTRIBUTES");

	/** The types JNA creates by reflection for arguments and results. */
	static final List<String> NATIVE_MAPPED = List.of("com.sun.jna.platform.win32.WinNT$HANDLE",
			"com.sun.jna.ptr.IntByReference", "com.sun.jna.ptr.PointerByReference");

	/** JNA's dispatch library for each Windows architecture. */
	static final List<String> DISPATCH_LIBRARIES = List.of("com/sun/jna/win32-x86-64/jnidispatch.dll",
			"com/sun/jna/win32-aarch64/jnidispatch.dll", "com/sun/jna/win32-x86/jnidispatch.dll");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(JNA_NATIVE, classLoader)) {
			return;
		}
		for (String library : LIBRARY_INTERFACES) {
			hints.proxies().registerJdkProxy(TypeReference.of(library));
			hints.reflection()
				.registerType(TypeReference.of(library), MemberCategory.INVOKE_PUBLIC_METHODS,
						MemberCategory.ACCESS_PUBLIC_FIELDS);
		}
		for (String structure : STRUCTURES) {
			hints.reflection()
				.registerType(TypeReference.of(structure), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
						MemberCategory.ACCESS_PUBLIC_FIELDS, MemberCategory.ACCESS_DECLARED_FIELDS);
		}
		for (String type : NATIVE_MAPPED) {
			hints.reflection().registerType(TypeReference.of(type), MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		}
		DISPATCH_LIBRARIES.forEach(hints.resources()::registerPattern);
	}

}
