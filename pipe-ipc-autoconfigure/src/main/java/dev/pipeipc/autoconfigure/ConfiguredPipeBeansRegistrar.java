package dev.pipeipc.autoconfigure;

import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.server.PipeServer;

/**
 * Binds {@link PipeProperties} and registers the beans they describe: a {@link PipeServer} named
 * {@code <id>PipeServer} for each enabled {@code pipe.servers.<id>}, and a {@link PipeClient} named
 * {@code <id>PipeClient} for each {@code pipe.clients.<id>} (clients connect on their first call, so
 * an application can start before the servers it calls). Each definition is made by a method of
 * {@link ConfiguredPipeBeans} (servers) or {@link ConfiguredPipeClients} (clients, registered with
 * the first one) with the entry's id as its argument.
 * <p>
 * Bean definitions must exist before {@code @ConfigurationProperties} beans are bound, so this is
 * where the properties are bound, once; the bound instance is registered as the
 * {@link PipeProperties} bean, as a ready singleton that nothing binds again.
 * <p>
 * Under ahead-of-time processing the definitions registered when the application is built are
 * written as code and registered again at startup; this post-processor then only binds the
 * properties, and fails when they name a server or client the build did not see.
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
		boolean generated = AotDetector.useGeneratedArtifacts();
		properties.getServers().forEach((id, server) -> {
			if (server.isEnabled()) {
				register(registry, generated, "pipe.servers." + id, id + "PipeServer", PipeServer.class,
						ConfiguredPipeBeans.BEAN_NAME, ConfiguredPipeBeans.SERVER_METHOD, id);
			}
		});
		if (!properties.getClients().isEmpty()) {
			registerClients(registry, generated, properties);
		}
	}

	/**
	 * Register the clients' factory and a definition per client. Only called when a client is
	 * configured: {@link PipeClient} and the rest of the client side stay unloaded otherwise.
	 */
	private static void registerClients(BeanDefinitionRegistry registry, boolean generated,
			PipeProperties properties) {
		if (!generated && !registry.containsBeanDefinition(ConfiguredPipeClients.BEAN_NAME)) {
			RootBeanDefinition factory = new RootBeanDefinition(ConfiguredPipeClients.class);
			factory.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(ConfiguredPipeClients.BEAN_NAME, factory);
		}
		properties.getClients()
			.forEach((id, client) -> register(registry, generated, "pipe.clients." + id, id + "PipeClient",
					PipeClient.class, ConfiguredPipeClients.BEAN_NAME, ConfiguredPipeClients.CLIENT_METHOD, id));
	}

	private static void register(BeanDefinitionRegistry registry, boolean generated, String prefix, String name,
			Class<?> type, String factoryBean, String factoryMethod, String id) {
		if (generated) {
			if (!registry.containsBeanDefinition(name)) {
				throw new IllegalStateException("'" + prefix + ".*' is set, but the application was processed ahead"
						+ " of time without it, so it has no '" + name + "' bean. Ahead-of-time processing fixes the"
						+ " pipe servers and clients when the application is built: build it again with '" + prefix
						+ ".*' set.");
			}
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setTargetType(type);
		definition.setFactoryBeanName(factoryBean);
		definition.setFactoryMethodName(factoryMethod);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, id);
		definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
		registry.registerBeanDefinition(name, definition);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}
