package dev.pipeipc.autoconfigure;

import java.util.Map;

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
import dev.pipeipc.transport.windows.NamedPipeApi;

/**
 * Registers one {@link PipeClient} bean per {@code pipe.client.<id>} entry, named
 * {@code <id>PipeClient}. Clients connect on their first call, so an application can start before
 * the servers it calls.
 */
class PipeClientsRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	/** Suffix of client bean names. */
	static final String BEAN_NAME_SUFFIX = "PipeClient";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, PipeProperties.Client> clients = Binder.get(this.environment)
			.bind("pipe.client", Bindable.mapOf(String.class, PipeProperties.Client.class))
			.orElse(Map.of());
		BeanFactory beanFactory = (BeanFactory) registry;
		clients.forEach((id, properties) -> {
			RootBeanDefinition definition = new RootBeanDefinition(PipeClient.class,
					() -> create(id, properties, beanFactory));
			definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
			registry.registerBeanDefinition(id + BEAN_NAME_SUFFIX, definition);
		});
	}

	static PipeClient create(String id, PipeProperties.Client properties, BeanFactory beanFactory) {
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
