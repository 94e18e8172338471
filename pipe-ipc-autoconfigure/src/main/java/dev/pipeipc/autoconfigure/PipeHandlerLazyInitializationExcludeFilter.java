package dev.pipeipc.autoconfigure;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

import dev.pipeipc.annotation.PipeHandler;

/**
 * Keeps beans with {@link PipeHandler @PipeHandler} methods out of global lazy initialization
 * ({@code spring.main.lazy-initialization=true}), as Spring Boot does for {@code @Scheduled} beans:
 * a handler is registered when its bean is created, and a server counts the handlers registered
 * when the context starts it, so a lazy handler bean would leave its server closed and its methods
 * unknown. A bean the application marks {@code @Lazy} itself stays lazy: its handlers are served
 * from its creation on, and they do not make a server listen.
 */
final class PipeHandlerLazyInitializationExcludeFilter implements LazyInitializationExcludeFilter {

	private final Map<Class<?>, Boolean> handlerTypes = new ConcurrentHashMap<>();

	@Override
	public boolean isExcluded(String beanName, BeanDefinition beanDefinition, Class<?> beanType) {
		return this.handlerTypes.computeIfAbsent(ClassUtils.getUserClass(beanType),
				PipeHandlerLazyInitializationExcludeFilter::hasHandlerMethods);
	}

	private static boolean hasHandlerMethods(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, PipeHandler.class)) {
			return false;
		}
		Set<?> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<PipeHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, PipeHandler.class))
			.keySet();
		return !methods.isEmpty();
	}

}
