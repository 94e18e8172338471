package dev.pipeipc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package layering of the library, checked on its compiled main classes: each package may use
 * only itself, the JDK, JSpecify, the packages of the project it builds on and the libraries listed
 * for it, and no packages depend on each other in a cycle. The table below is the rule; change it
 * in the same commit as a deliberate change of the architecture (see {@code docs/architecture.md}).
 *
 * @see <a href="https://www.archunit.org/userguide/html/000_Index.html">ArchUnit user guide</a>
 */
class ArchitectureTests {

	private static final String ROOT = "dev.pipeipc";

	private static final List<String> JDK = List.of("java..", "jdk.net..");

	private static final List<String> JSPECIFY = List.of("org.jspecify..");

	private static final List<String> JACKSON = List.of("tools.jackson..");

	private static final List<String> JNA = List.of("com.sun.jna..");

	/** The JDK's own Unix user and group ids ({@code com.sun.security.auth.module.UnixSystem}). */
	private static final List<String> JDK_UNIX_SYSTEM = List.of("com.sun.security.auth.module..");

	/** Commons Logging, the logging API Spring uses. */
	private static final List<String> JCL = List.of("org.apache.commons.logging..");

	private static final List<String> SPRING_CORE = List.of("org.springframework.core..", "org.springframework.util..");

	private static final List<String> SPRING = List.of("org.springframework..");

	/** Micrometer's Observation API and its key-value types, without meters. */
	private static final List<String> MICROMETER_OBSERVATION = List.of("io.micrometer.observation..",
			"io.micrometer.common..");

	private static final List<String> MICROMETER = List.of("io.micrometer..");
	/** The Bean Validation API. */
	private static final List<String> JAKARTA_VALIDATION = List.of("jakarta.validation..");

	/** victools' jsonschema-generator with its modules, and the type resolution it is built on. */
	private static final List<String> VICTOOLS = List.of("com.github.victools..", "com.fasterxml.classmate..");

	/** Reactive Streams' interfaces (optional): a {@code Flux} is a {@code Publisher}. */
	private static final List<String> REACTIVE_STREAMS = List.of("org.reactivestreams..");

	private static final List<String> ASSERTJ = List.of("org.assertj..");

	/** Reactor (optional) and the Reactive Streams API it implements. */
	private static final List<String> REACTOR = List.of("reactor..", "org.reactivestreams..");

	private static final List<String> JUNIT = List.of("org.junit..");

	/**
	 * One line per package of {@code dev.pipeipc}: the project packages it may use (relative to
	 * {@code dev.pipeipc}; a name ending in a class allows only that class and its nested types) and
	 * the libraries it may use. Every package may use itself, the JDK and JSpecify.
	 */
	private static final List<Layer> LAYERS = List.of(
			// package          may use project packages                          and libraries
			layer("codec",             uses(),                                      libs()),
			layer("jsonrpc",           uses(),                                      libs(JACKSON)),
			layer("transport",         uses(),                                      libs(JCL)),
			layer("transport.unix",    uses("transport"),                           libs(JNA, JDK_UNIX_SYSTEM, JCL)),
			layer("transport.windows", uses("transport"),                           libs(JNA, JCL)),
			layer("config",            uses(),                                      libs(SPRING_CORE)),
			layer("server",            uses("transport", "codec"),                  libs(JCL)),
			layer("server.jsonrpc",    uses("server", "config", "jsonrpc", "codec", "transport"),
					                                                                libs(JACKSON, SPRING_CORE, JCL)),
			layer("server.jsonrpc.discovery", uses("server.jsonrpc", "server", "config", "jsonrpc", "transport"),
					libs(JACKSON, SPRING_CORE, VICTOOLS, JAKARTA_VALIDATION)),
			layer("server.jsonrpc.stream", uses("server.jsonrpc", "server", "config", "jsonrpc", "annotation.PipeStream"),
					                                                                libs(JACKSON, SPRING, JCL, REACTIVE_STREAMS)),
			layer("server.access",     uses("transport"),                           libs()),
			layer("server.raw",        uses("server", "config", "codec"),           libs(SPRING_CORE, JCL)),
			layer("annotation",        uses("config"),                              libs(SPRING)),
			layer("server.jsonrpc.annotation", uses("server.jsonrpc", "server", "config", "jsonrpc", "transport",
					"annotation"),                                                  libs(JACKSON, SPRING)),
			layer("server.jsonrpc.validation", uses("server.jsonrpc", "config", "jsonrpc", "annotation"),
					                                                                libs(JAKARTA_VALIDATION, SPRING)),
			layer("client",            uses("jsonrpc", "codec", "transport", "transport.unix", "transport.windows",
					"annotation.PipeExchange", "annotation.PipeParam"),             libs(JACKSON, SPRING_CORE, JCL)),
			layer("client.registry",   uses("client", "annotation.PipeExchange"),   libs(SPRING)),
			layer("client.reactive",   uses("client"),                              libs(REACTOR, SPRING_CORE)),
			layer("aot",               uses("annotation"),                          libs(SPRING)),
			layer("autoconfigure",     uses("*"),                                   libs(JACKSON, JNA, SPRING, JCL,
					JAKARTA_VALIDATION)),
			layer("autoconfigure.health", uses("*"),                                libs(SPRING)),
			layer("autoconfigure.endpoint", uses("*"),                              libs(SPRING)),
			layer("observation",       uses("server", "client", "transport"),       libs(MICROMETER_OBSERVATION)),
			layer("autoconfigure.observation", uses("*"),                           libs(SPRING, MICROMETER)),
			layer("test",              uses("client", "server", "jsonrpc"),         libs(JACKSON, ASSERTJ)),
			layer("test.autoconfigure", uses("*"),                                  libs(JACKSON, SPRING, JUNIT)),
			layer("autoconfigure.security", uses("*"),                              libs(SPRING, JCL)));

	/**
	 * Uses the code still makes against the layering above, to be removed line by line as the
	 * packages reach it. Empty now; a use listed here that the code no longer makes fails the build
	 * until its line goes.
	 */
	private static final List<Layer> NOT_YET_MOVED = List.of();

	private static final JavaClasses mainClasses = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@ParameterizedTest(name = "{0}")
	@FieldSource("LAYERS")
	void packageUsesOnlyWhatItsLayerAllows(Layer layer) {
		rule(layer).check(mainClasses);
	}

	@ParameterizedTest(name = "{0}", allowZeroInvocations = true)
	@FieldSource("NOT_YET_MOVED")
	void usesNotYetMovedAreStillMade(Layer layer) {
		List<String> listed = Stream.concat(layer.projectPackages().stream().map((name) -> ROOT + "." + name),
				layer.libraries().stream()).toList();
		Set<String> made = new TreeSet<>();
		for (JavaClass javaClass : mainClasses.that(JavaClass.Predicates.resideInAPackage(layer.packageName()))) {
			for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
				String target = dependency.getTargetClass().getPackageName();
				listed.stream().filter((pattern) -> PackageMatcher.of(pattern).matches(target)).forEach(made::add);
			}
		}
		assertThat(made).as("uses of package %s listed in NOT_YET_MOVED that it still makes; remove the others",
				layer.packageName()).containsExactlyInAnyOrderElementsOf(listed);
	}

	@Test
	void everyPackageHasALayer() {
		Set<String> layered = new TreeSet<>(LAYERS.stream().map(Layer::packageName).toList());
		Set<String> packages = new TreeSet<>();
		for (JavaClass javaClass : mainClasses) {
			packages.add(javaClass.getPackageName());
		}
		assertThat(packages).as("packages of %s, each of which needs a line in the layering", ROOT)
			.isNotEmpty()
			.isSubsetOf(layered);
	}

	private static ArchRule rule(Layer layer) {
		List<String> packages = new ArrayList<>(JDK);
		packages.addAll(JSPECIFY);
		packages.add(layer.packageName());
		List<String> classNames = new ArrayList<>();
		Stream.concat(Stream.of(layer), NOT_YET_MOVED.stream().filter((other) -> other.name().equals(layer.name())))
			.forEach((entry) -> {
				for (String used : entry.projectPackages()) {
					if (used.equals("*")) {
						packages.add(ROOT + "..");
					}
					else if (Character.isUpperCase(used.charAt(used.lastIndexOf('.') + 1))) {
						classNames.add(ROOT + "." + used);
					}
					else {
						packages.add(ROOT + "." + used);
					}
				}
				packages.addAll(entry.libraries());
			});
		DescribedPredicate<JavaClass> allowed = JavaClass.Predicates.resideInAnyPackage(packages.toArray(String[]::new))
			.or(classOrNestedIn(classNames));
		return classes().that()
			.resideInAPackage(layer.packageName())
			.should()
			.onlyDependOnClassesThat(allowed)
			.as("Package " + layer.packageName() + " may use only classes that " + allowed.getDescription());
	}

	private static DescribedPredicate<JavaClass> classOrNestedIn(List<String> classNames) {
		return DescribedPredicate.describe("classes " + classNames,
				(javaClass) -> classNames.stream()
					.anyMatch((name) -> javaClass.getName().equals(name)
							|| javaClass.getName().startsWith(name + "$")));
	}

	private static Layer layer(String name, List<String> projectPackages, List<String> libraries) {
		return new Layer(name, projectPackages, libraries);
	}

	private static List<String> uses(String... projectPackages) {
		return List.of(projectPackages);
	}

	@SafeVarargs
	private static List<String> libs(List<String>... libraries) {
		return Stream.of(libraries).flatMap(List::stream).toList();
	}

	record Layer(String name, List<String> projectPackages, List<String> libraries) {

		String packageName() {
			return ROOT + "." + this.name;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
