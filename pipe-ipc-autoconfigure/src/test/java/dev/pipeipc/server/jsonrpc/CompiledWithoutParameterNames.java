package dev.pipeipc.server.jsonrpc;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.springframework.core.annotation.AliasFor;

import dev.pipeipc.annotation.PipeHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler class compiled while the test runs, without the {@code -parameters} flag, as a build
 * that does not use Spring Boot's plugins would compile it: its class file has no parameter names.
 * <ul>
 * <li>{@code add(int left, int right)} names nothing, so named params cannot reach it;</li>
 * <li>{@code greet(@PipeParam("name") String name, @PipeParam("greeting") String greeting)} names
 * its parameters in the code.</li>
 * </ul>
 */
public final class CompiledWithoutParameterNames {

	/** Fully qualified name of the compiled handler class. */
	public static final String CLASS_NAME = "dev.pipeipc.compiled.NamelessHandlers";

	private static final String SOURCE = """
			package dev.pipeipc.compiled;

			import dev.pipeipc.annotation.PipeHandler;
			import dev.pipeipc.annotation.PipeParam;

			public class NamelessHandlers {

				@PipeHandler("add")
				public int add(int left, int right) {
					return left + right;
				}

				@PipeHandler("greet")
				public String greet(@PipeParam("name") String name, @PipeParam("greeting") String greeting) {
					return greeting + ", " + name;
				}

			}
			""";

	private CompiledWithoutParameterNames() {
	}

	/**
	 * Compile the handler class into a directory and load it.
	 * @param directory where the source and class files go
	 * @return the loaded class, whose loader's parent is this test's loader
	 */
	public static Class<?> compileInto(Path directory) {
		try {
			Path source = directory.resolve("dev/pipeipc/compiled/NamelessHandlers.java");
			Files.createDirectories(source.getParent());
			Files.writeString(source, SOURCE);
			JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
			assertThat(compiler).as("a JDK's compiler").isNotNull();
			String classPath = location(PipeHandler.class) + java.io.File.pathSeparator + location(AliasFor.class);
			StringWriter diagnostics = new StringWriter();
			// No "-parameters": the class file keeps no parameter names.
			boolean compiled = compiler
				.getTask(diagnostics, null, null, List.of("-classpath", classPath, "-d", directory.toString()), null,
						compiler.getStandardFileManager(null, null, null).getJavaFileObjects(source))
				.call();
			assertThat(compiled).as("compiled without errors: %s", diagnostics).isTrue();
			URLClassLoader loader = new URLClassLoader(new URL[] { directory.toUri().toURL() },
					CompiledWithoutParameterNames.class.getClassLoader());
			return loader.loadClass(CLASS_NAME);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("Compiled class " + CLASS_NAME + " not found", ex);
		}
	}

	/**
	 * Create an instance of the compiled handler class.
	 * @param type the class from {@link #compileInto(Path)}
	 * @return a new instance
	 */
	public static Object instantiate(Class<?> type) {
		try {
			return type.getConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create " + type.getName(), ex);
		}
	}

	private static String location(Class<?> type) throws MalformedURLException {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (java.net.URISyntaxException ex) {
			throw new MalformedURLException(ex.getMessage());
		}
	}

}
