package dev.pipeipc.autoconfigure;

import java.util.function.Supplier;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeCallObserver;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.transport.windows.NamedPipeApi;

/**
 * Binds {@link PipeProperties} and registers the beans they describe: a {@link PipeServer} named
 * {@code <id>PipeServer} for each enabled {@code pipe.servers.<id>}, and a {@link PipeClient} named
 * {@code <id>PipeClient} for each {@code pipe.clients.<id>} (clients connect on their first call, so
 * an application can start before the servers it calls).
 * <p>
 * Bean definitions must exist before {@code @ConfigurationProperties} beans are bound, so this is
 * where the properties are bound, once; the bound instance is registered as the
 * {@link PipeProperties} bean, as a ready singleton that nothing binds again.
 */
class ConfiguredPipeBeansRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	/** Name of the {@link PipeProperties} bean. */
	static final String PROPERTIES_BEAN_NAME = "pipeProperties";

	@SuppressWarnings("NullAway.Init")
	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		PipeProperties properties = PipePropertiesBinder.bind(this.environment);
		((SingletonBeanRegistry) registry).registerSingleton(PROPERTIES_BEAN_NAME, properties);
		BeanFactory beanFactory = (BeanFactory) registry;
		properties.getServers().forEach((id, server) -> {
			if (server.isEnabled()) {
				register(registry, id + "PipeServer", PipeServer.class,
						() -> beanFactory.getBean(ConfiguredPipeServers.class)
							.add(beanFactory.getBean(PipeServerFactory.class).create(id, server), id, true));
			}
		});
		PipeClientFactory clientFactory = new PipeClientFactory(beanFactory.getBeanProvider(JsonMapper.class),
				beanFactory.getBeanProvider(NamedPipeApi.class), beanFactory.getBeanProvider(PipeCallObserver.class));
		properties.getClients()
			.forEach((id, client) -> register(registry, id + "PipeClient", PipeClient.class,
					() -> clientFactory.create(id, client)));
	}

	private static <B> void register(BeanDefinitionRegistry registry, String name, Class<B> type, Supplier<B> supplier) {
		RootBeanDefinition definition = new RootBeanDefinition(type, supplier);
		definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
		registry.registerBeanDefinition(name, definition);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}
