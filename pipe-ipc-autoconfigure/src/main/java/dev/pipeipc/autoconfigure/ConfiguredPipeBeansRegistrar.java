package dev.pipeipc.autoconfigure;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.transport.windows.NamedPipeApi;

/**
 * Registers one bean per configured entry: a {@link PipeServer} named {@code <id>PipeServer} for
 * each enabled {@code pipe.servers.<id>}, and a {@link PipeClient} named {@code <id>PipeClient}
 * for each {@code pipe.client.<id>} (clients connect on their first call, so an application can
 * start before the servers it calls). Bean definitions are needed before the configuration is
 * bound to objects, so the entries are read with a {@link Binder}.
 */
class ConfiguredPipeBeansRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	@SuppressWarnings("NullAway.Init")
	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		BeanFactory beanFactory = (BeanFactory) registry;
		register(registry, "pipe.servers", PipeProperties.Server.class, PipeServer.class, "PipeServer",
				PipeProperties.Server::isEnabled,
				(id, properties) -> beanFactory.getBean(PipeServerFactory.class).create(id, properties));
		register(registry, "pipe.client", PipeProperties.Client.class, PipeClient.class, "PipeClient",
				(properties) -> true, (id, properties) -> createClient(id, properties, beanFactory));
	}

	private <P, B> void register(BeanDefinitionRegistry registry, String prefix, Class<P> propertiesType,
			Class<B> beanType, String beanNameSuffix, Predicate<P> enabled, BiFunction<String, P, B> factory) {
		Map<String, P> entries = Binder.get(this.environment)
			.bind(prefix, Bindable.mapOf(String.class, propertiesType))
			.orElse(Map.of());
		entries.forEach((id, properties) -> {
			if (enabled.test(properties)) {
				RootBeanDefinition definition = new RootBeanDefinition(beanType, () -> factory.apply(id, properties));
				definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
				registry.registerBeanDefinition(id + beanNameSuffix, definition);
			}
		});
	}

	private static PipeClient createClient(String id, PipeProperties.Client properties, BeanFactory beanFactory) {
		String pipe = (properties.getPipe() != null && !properties.getPipe().isBlank()) ? properties.getPipe() : id;
		PipeClient.Builder builder = PipeClient.builder(pipe)
			.directory(properties.getDirectory())
			.framing(properties.getFraming())
			.connectTimeout(properties.getConnectTimeout())
			.requestTimeout(properties.getRequestTimeout())
			.maxMessageSize((int) Math.min(Integer.MAX_VALUE - 8, properties.getMaxMessageSize().toBytes()))
			.mapper(beanFactory.getBeanProvider(JsonMapper.class).getIfAvailable(() -> JsonMapper.builder().build()));
		NamedPipeApi namedPipeApi = beanFactory.getBeanProvider(NamedPipeApi.class).getIfUnique();
		if (namedPipeApi != null) {
			builder.namedPipeApi(namedPipeApi);
		}
		if (properties.isReconnect()) {
			builder.reconnect(properties.getReconnectBackoff(), properties.getMaxReconnectBackoff());
		}
		return builder.build();
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}
