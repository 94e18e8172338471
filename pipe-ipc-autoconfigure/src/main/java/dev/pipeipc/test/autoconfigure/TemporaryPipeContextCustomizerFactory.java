package dev.pipeipc.test.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.util.FileSystemUtils;

/**
 * Gives the main pipe server of each {@link PipeTest @PipeTest} context a name and a socket
 * directory of its own ({@code pipe.server.name} and {@code pipe.server.directory}), below the
 * test's {@code properties} and above the application's configuration. The directory is deleted
 * when the context closes, after its servers stopped.
 */
class TemporaryPipeContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		boolean pipeTest = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
			.isPresent(PipeTest.class);
		return pipeTest ? new TemporaryPipeContextCustomizer() : null;
	}

	/**
	 * Equal to every other, so {@code @PipeTest} contexts are cached as usual; each context it
	 * customizes gets its own name and directory.
	 */
	static final class TemporaryPipeContextCustomizer implements ContextCustomizer {

		static final String PROPERTY_SOURCE_NAME = "pipeTestTemporaryPipe";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			Path directory;
			try {
				directory = Files.createTempDirectory("pipe-test");
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot create a temporary directory for the @PipeTest pipe", ex);
			}
			String name = "pipe-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
			MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("pipe.server.name", name, "pipe.server.directory", directory.toString()));
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, source);
			}
			else {
				sources.addFirst(source);
			}
			((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean(
					"pipeTestTemporaryDirectory", () -> FileSystemUtils.deleteRecursively(directory));
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof TemporaryPipeContextCustomizer;
		}

		@Override
		public int hashCode() {
			return TemporaryPipeContextCustomizer.class.hashCode();
		}

	}

}
