package dev.pipeipc.aot;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NamedPipeRuntimeHints}.
 */
class NamedPipeRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(NamedPipeRuntimeHints.class);
	}

	@Test
	void eachWin32InterfaceIsAJdkProxyWithItsMethodsAndOptionFields() throws Exception {
		new NamedPipeRuntimeHints().registerHints(this.hints, this.classLoader);
		for (String name : NamedPipeRuntimeHints.LIBRARY_INTERFACES) {
			Class<?> library = ClassUtils.forName(name, this.classLoader);
			assertThat(RuntimeHintsPredicates.proxies().forInterfaces(library)).accepts(this.hints);
			assertThat(library.getDeclaredMethods()).isNotEmpty().allSatisfy((method) -> assertThat(
					RuntimeHintsPredicates.reflection().onMethodInvocation(method)).accepts(this.hints));
			assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(library, "INSTANCE")).accepts(this.hints);
		}
	}

	@Test
	void win32StructuresAreCreatedAndFilledThroughTheirFields() throws Exception {
		new NamedPipeRuntimeHints().registerHints(this.hints, this.classLoader);
		Class<?> overlapped = ClassUtils.forName("com.sun.jna.platform.win32.WinBase$OVERLAPPED", this.classLoader);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(overlapped.getConstructor()))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(overlapped, "hEvent")).accepts(this.hints);
		Class<?> handle = ClassUtils.forName("com.sun.jna.platform.win32.WinNT$HANDLE", this.classLoader);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(handle.getConstructor()))
			.accepts(this.hints);
	}

	@Test
	void jnaDispatchLibraryForEachWindowsArchitectureIsIncludedAndExists() {
		new NamedPipeRuntimeHints().registerHints(this.hints, this.classLoader);
		for (String library : NamedPipeRuntimeHints.DISPATCH_LIBRARIES) {
			assertThat(RuntimeHintsPredicates.resource().forResource(library)).accepts(this.hints);
			assertThat(this.classLoader.getResource(library)).as(library).isNotNull();
		}
	}

	@Test
	void everyNamedTypeExists() {
		Stream.of(NamedPipeRuntimeHints.LIBRARY_INTERFACES, NamedPipeRuntimeHints.STRUCTURES,
				NamedPipeRuntimeHints.NATIVE_MAPPED)
			.flatMap(List::stream)
			.forEach((name) -> assertThat(ClassUtils.isPresent(name, this.classLoader)).as(name).isTrue());
	}

	@Test
	void registersNothingWithoutJna() {
		ClassLoader withoutJna = new FilteredClassLoader("com.sun.jna");
		new NamedPipeRuntimeHints().registerHints(this.hints, withoutJna);
		assertThat(this.hints.proxies().jdkProxyHints()).isEmpty();
		assertThat(this.hints.reflection().typeHints()).isEmpty();
		assertThat(this.hints.resources().resourcePatternHints()).isEmpty();
	}

}
