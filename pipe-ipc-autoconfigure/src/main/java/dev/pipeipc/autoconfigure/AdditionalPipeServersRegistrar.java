package dev.pipeipc.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

import dev.pipeipc.server.PipeServer;

/**
 * Registers one {@link PipeServer} bean per {@code pipe.servers.<id>} entry, named
 * {@code <id>PipeServer}. Bean definitions are needed before the configuration is bound to
 * objects, so the entries are read with a {@link Binder}.
 */
class AdditionalPipeServersRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

	static final String BEAN_NAME_SUFFIX = "PipeServer";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		Map<String, PipeProperties.Server> servers = Binder.get(this.environment)
			.bind("pipe.servers", Bindable.mapOf(String.class, PipeProperties.Server.class))
			.orElse(Map.of());
		BeanFactory beanFactory = (BeanFactory) registry;
		servers.forEach((id, properties) -> {
			if (!properties.isEnabled()) {
				return;
			}
			RootBeanDefinition definition = new RootBeanDefinition(PipeServer.class,
					() -> beanFactory.getBean(PipeServerFactory.class).create(id, properties));
			definition.setDestroyMethodName(org.springframework.beans.factory.support.AbstractBeanDefinition.INFER_METHOD);
			registry.registerBeanDefinition(beanName(id), definition);
		});
	}

	static String beanName(String id) {
		return id + BEAN_NAME_SUFFIX;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}
