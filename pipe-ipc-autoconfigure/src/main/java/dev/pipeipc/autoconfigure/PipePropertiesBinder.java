package dev.pipeipc.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Binds {@link PipeProperties} from the environment, the one time they are bound: with the
 * deprecated names as aliases of their replacements (and one warning when any is set), then
 * validated, so that every pipe bean is defined from checked values.
 */
final class PipePropertiesBinder {

	private static final Log logger = LogFactory.getLog(PipePropertiesBinder.class);

	private PipePropertiesBinder() {
	}

	/**
	 * Bind and validate the pipe properties.
	 * @param environment the environment to bind from
	 * @return the bound properties
	 * @throws InvalidPipePropertiesException when a value is out of its range
	 */
	static PipeProperties bind(Environment environment) {
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
		DeprecatedPipePropertyNames deprecated = DeprecatedPipePropertyNames.find(sources);
		String warning = deprecated.warning();
		if (warning != null) {
			logger.warn(warning);
		}
		Binder binder = new Binder(deprecated.applyTo(sources), new PropertySourcesPlaceholdersResolver(environment));
		PipeProperties properties = new PipeProperties();
		RecordingBindHandler recording = new RecordingBindHandler();
		binder.bind(PipeProperties.PREFIX, Bindable.ofInstance(properties), recording);
		PipePropertiesValidator.validate(properties, recording.bound::get);
		return properties;
	}

	/**
	 * Remembers the configuration property behind each bound value, to report a bad value as the
	 * user wrote it and where.
	 */
	private static final class RecordingBindHandler extends AbstractBindHandler {

		private final Map<String, ConfigurationProperty> bound = new ConcurrentHashMap<>();

		@Override
		public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Object result) {
			ConfigurationProperty property = context.getConfigurationProperty();
			if (property != null) {
				this.bound.put(name.toString(), property);
			}
			return super.onSuccess(name, target, context, result);
		}

	}

}
