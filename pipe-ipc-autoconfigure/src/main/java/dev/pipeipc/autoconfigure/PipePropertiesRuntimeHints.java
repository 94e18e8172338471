package dev.pipeipc.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Runtime hints for binding {@link PipeProperties}, with each server's and client's settings. Spring
 * Boot registers these for {@code @ConfigurationProperties} beans it binds itself; these are bound
 * by {@link ConfiguredPipeBeansRegistrar} before any bean exists, so the hints are registered here.
 */
class PipePropertiesRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(PipeProperties.class).registerHints(hints, classLoader);
	}

}
