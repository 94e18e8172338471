package dev.pipeipc.aot;

import java.lang.reflect.Method;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

import dev.pipeipc.annotation.PipeHandler;

/**
 * Registers the runtime hints a bean's {@link PipeHandler @PipeHandler} methods need in a native
 * image: each method for invocation, and its parameter and return types for Jackson binding. The
 * methods are found as {@code PipeHandlerAnnotationBeanPostProcessor} finds them at runtime, on
 * the bean's class and the interfaces it implements.
 */
class PipeHandlerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Set<Method> methods = handlerMethods(ClassUtils.getUserClass(registeredBean.getBeanClass()));
		if (methods.isEmpty()) {
			return null;
		}
		return (generationContext, beanRegistrationCode) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			BindingHints bindingHints = new BindingHints();
			methods.forEach((method) -> bindingHints.registerMethod(reflection, method));
		};
	}

	static Set<Method> handlerMethods(Class<?> type) {
		if (!AnnotationUtils.isCandidateClass(type, PipeHandler.class)) {
			return Set.of();
		}
		return MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<PipeHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, PipeHandler.class))
			.keySet();
	}

}
