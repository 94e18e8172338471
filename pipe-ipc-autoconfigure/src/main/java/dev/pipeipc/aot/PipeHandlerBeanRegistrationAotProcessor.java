package dev.pipeipc.aot;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

import dev.pipeipc.annotation.PipeExceptionHandler;
import dev.pipeipc.annotation.PipeHandler;

/**
 * Registers the runtime hints a bean's {@link PipeHandler @PipeHandler} methods need in a native
 * image: each method for invocation, and its parameter and return types for Jackson binding. Its
 * {@link PipeExceptionHandler @PipeExceptionHandler} methods (on a handler bean or a
 * {@code @PipeControllerAdvice} bean) are registered for invocation: their arguments are passed
 * by the server, not bound. The methods are found as the server finds them at runtime, on the
 * bean's class and the interfaces it implements.
 */
class PipeHandlerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
		Set<Method> handlers = annotatedMethods(beanClass, PipeHandler.class);
		Set<Method> exceptionHandlers = annotatedMethods(beanClass, PipeExceptionHandler.class);
		if (handlers.isEmpty() && exceptionHandlers.isEmpty()) {
			return null;
		}
		return (generationContext, beanRegistrationCode) -> {
			ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
			BindingHints bindingHints = new BindingHints();
			handlers.forEach((method) -> bindingHints.registerMethod(reflection, method));
			exceptionHandlers.forEach((method) -> reflection.registerMethod(method, ExecutableMode.INVOKE));
		};
	}

	private static Set<Method> annotatedMethods(Class<?> type, Class<? extends Annotation> annotationType) {
		if (!AnnotationUtils.isCandidateClass(type, annotationType)) {
			return Set.of();
		}
		return MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<Annotation>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, annotationType))
			.keySet();
	}

}
