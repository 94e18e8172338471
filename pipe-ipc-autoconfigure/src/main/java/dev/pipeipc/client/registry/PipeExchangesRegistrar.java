package dev.pipeipc.client.registry;

import java.beans.Introspector;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.type.AnnotationMetadata;

import dev.pipeipc.client.PipeClientAdapter;
import dev.pipeipc.client.PipeServiceProxyFactory;

/**
 * Registers a bean for every interface named by {@link ImportPipeExchanges}, created by a
 * {@link PipeServiceProxyFactory} over the {@code <client>PipeClient} bean (through a
 * {@link PipeClientAdapter}) when first needed. Each definition is a {@link PipeExchangeFactoryBean}
 * with the interface and the client bean's name as its arguments, which ahead-of-time processing
 * writes as code.
 */
class PipeExchangesRegistrar implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		metadata.getAnnotations().stream(ImportPipeExchanges.class).forEach((annotation) -> register(annotation, registry));
	}

	private void register(MergedAnnotation<ImportPipeExchanges> annotation, BeanDefinitionRegistry registry) {
		String clientBean = PipeExchangeFactoryBean.clientBeanName(annotation.getString("client"));
		for (Class<?> type : annotation.getClassArray("types")) {
			RootBeanDefinition definition = new RootBeanDefinition(PipeExchangeFactoryBean.class);
			definition.setTargetType(ResolvableType.forClassWithGenerics(PipeExchangeFactoryBean.class, type));
			definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
			definition.getConstructorArgumentValues().addIndexedArgumentValue(1, clientBean);
			definition.setLazyInit(true);
			String name = Introspector.decapitalize(type.getSimpleName());
			if (!registry.containsBeanDefinition(name)) {
				registry.registerBeanDefinition(name, definition);
			}
		}
	}

}
