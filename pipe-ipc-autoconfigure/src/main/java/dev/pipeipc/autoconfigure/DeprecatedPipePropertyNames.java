package dev.pipeipc.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertyNameAliases;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * Property names renamed before 1.0 that still bind, as deprecated aliases of their replacements:
 * {@code pipe.client.<id>.*} (now {@code pipe.clients.<id>.*}) and the {@code max-instances} of each
 * server (now {@code max-connections}). Only names the environment actually sets are aliased, and
 * only where their replacement is not set as well, so that a new name always wins over its old
 * one. The metadata marks the old names deprecated with their replacements.
 */
final class DeprecatedPipePropertyNames {

	private static final ConfigurationPropertyName CLIENT = ConfigurationPropertyName.of("pipe.client");

	private static final ConfigurationPropertyName CLIENTS = ConfigurationPropertyName.of("pipe.clients");

	private static final ConfigurationPropertyName SERVER = ConfigurationPropertyName.of("pipe.server");

	private static final ConfigurationPropertyName SERVERS = ConfigurationPropertyName.of("pipe.servers");

	private static final ConfigurationPropertyName MAX_INSTANCES = ConfigurationPropertyName.of("max-instances");

	private static final String MAX_CONNECTIONS = "max-connections";

	/** Each deprecated name in use, to whether its replacement is set too (and it is ignored). */
	private final Map<ConfigurationPropertyName, Boolean> inUse;

	private final ConfigurationPropertyNameAliases aliases = new ConfigurationPropertyNameAliases();

	private DeprecatedPipePropertyNames(Map<ConfigurationPropertyName, Boolean> inUse) {
		this.inUse = inUse;
		inUse.forEach((name, ignored) -> {
			if (!ignored) {
				this.aliases.addAliases(name, replacement(name));
			}
		});
	}

	/**
	 * Find the deprecated names set in the given sources.
	 * @param sources the sources the pipe properties are bound from
	 * @return the deprecated names in use
	 */
	static DeprecatedPipePropertyNames find(Iterable<ConfigurationPropertySource> sources) {
		Map<ConfigurationPropertyName, Boolean> inUse = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.stream()
					.filter((name) -> replacementOrNull(name) != null)
					.forEach((name) -> inUse.putIfAbsent(name, isSet(sources, replacement(name))));
			}
		}
		return new DeprecatedPipePropertyNames(inUse);
	}

	/**
	 * The new name of a deprecated one.
	 * @param name a property name
	 * @return its replacement, or {@code null} when the name is not deprecated
	 */
	static @Nullable ConfigurationPropertyName replacementOrNull(ConfigurationPropertyName name) {
		if (CLIENT.isAncestorOf(name)) {
			return CLIENTS.append(name.subName(CLIENT.getNumberOfElements()));
		}
		boolean serverSetting = SERVER.isParentOf(name)
				|| (SERVERS.isAncestorOf(name) && name.getNumberOfElements() == SERVERS.getNumberOfElements() + 2);
		if (serverSetting && MAX_INSTANCES.equals(ConfigurationPropertyName.of(name.getLastElement(Form.UNIFORM)))) {
			return name.chop(name.getNumberOfElements() - 1).append(MAX_CONNECTIONS);
		}
		return null;
	}

	private static ConfigurationPropertyName replacement(ConfigurationPropertyName name) {
		ConfigurationPropertyName replacement = replacementOrNull(name);
		if (replacement == null) {
			throw new IllegalArgumentException("Property '" + name + "' is not a deprecated pipe property");
		}
		return replacement;
	}

	private static boolean isSet(Iterable<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
		for (ConfigurationPropertySource source : sources) {
			if (source.getConfigurationProperty(name) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The given sources, each answering for a new name with the value of its deprecated name.
	 * @param sources the sources to alias
	 * @return the aliased sources, in the same order
	 */
	List<ConfigurationPropertySource> applyTo(Iterable<ConfigurationPropertySource> sources) {
		List<ConfigurationPropertySource> aliased = new ArrayList<>();
		sources.forEach((source) -> aliased.add(this.inUse.isEmpty() ? source : source.withAliases(this.aliases)));
		return aliased;
	}

	/**
	 * One warning naming every deprecated property in use and what to write instead.
	 * @return the warning, or {@code null} when no deprecated name is in use
	 */
	@Nullable String warning() {
		if (this.inUse.isEmpty()) {
			return null;
		}
		return "Deprecated pipe properties are set; they still work, but will be removed in a later release: "
				+ this.inUse.entrySet().stream().map(this::describe).collect(Collectors.joining("; ")) + ".";
	}

	private String describe(Map.Entry<ConfigurationPropertyName, Boolean> use) {
		String rename = "'" + use.getKey() + "' is now '" + replacement(use.getKey()) + "'";
		return use.getValue() ? rename + " (both are set, so '" + use.getKey() + "' is ignored)" : rename;
	}

}
