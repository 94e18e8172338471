package dev.pipeipc.client.registry;

import java.beans.Introspector;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.AnnotationMetadata;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClientAdapter;
import dev.pipeipc.client.PipeServiceProxyFactory;

/**
 * Registers a bean for every interface named by {@link ImportPipeExchanges}, created by a
 * {@link PipeServiceProxyFactory} over the {@code <client>PipeClient} bean (through a
 * {@link PipeClientAdapter}) when first needed.
 */
class PipeExchangesRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		metadata.getAnnotations().stream(ImportPipeExchanges.class).forEach((annotation) -> register(annotation, registry));
	}

	private void register(MergedAnnotation<ImportPipeExchanges> annotation, BeanDefinitionRegistry registry) {
		String clientBean = annotation.getString("client") + "PipeClient";
		for (Class<?> type : annotation.getClassArray("types")) {
			RootBeanDefinition definition = new RootBeanDefinition();
			definition.setTargetType(type);
			definition.setBeanClass(type);
			definition.setInstanceSupplier(() -> createClient(type, clientBean));
			definition.setLazyInit(true);
			String name = Introspector.decapitalize(type.getSimpleName());
			if (!registry.containsBeanDefinition(name)) {
				registry.registerBeanDefinition(name, definition);
			}
		}
	}

	private Object createClient(Class<?> type, String clientBean) {
		BeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null) {
			throw new IllegalStateException("@ImportPipeExchanges for " + type.getName() + " needs the bean factory");
		}
		if (!beanFactory.containsBean(clientBean)) {
			throw new IllegalStateException("@ImportPipeExchanges for " + type.getName() + " names client bean '"
					+ clientBean + "', which does not exist; configure 'pipe.clients."
					+ clientBean.substring(0, clientBean.length() - "PipeClient".length()) + ".pipe'");
		}
		PipeClient client = beanFactory.getBean(clientBean, PipeClient.class);
		return PipeServiceProxyFactory.builderFor(PipeClientAdapter.create(client)).build().createClient(type);
	}

}
