package dev.pipeipc.server.jsonrpc.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;

import dev.pipeipc.annotation.PipeExceptionHandler;

/**
 * The {@code @PipeExceptionHandler} methods of one bean, by the exception types they handle, as
 * Spring's {@code ExceptionHandlerMethodResolver} keeps them for a controller: the method for a
 * thrown exception is the one whose type is closest to the exception's class
 * ({@link ExceptionDepthComparator}), tried for the exception and then for each of its causes.
 */
final class ExceptionHandlerMethods {

	private static final ExceptionHandlerMethods NONE = new ExceptionHandlerMethods(Map.of());

	private final Map<Class<? extends Throwable>, ExceptionHandlerMethod> byType;

	private final Map<Class<? extends Throwable>, Optional<ExceptionHandlerMethod>> cache = new ConcurrentReferenceHashMap<>(
			16);

	private ExceptionHandlerMethods(Map<Class<? extends Throwable>, ExceptionHandlerMethod> byType) {
		this.byType = byType;
	}

	/**
	 * Find the exception handlers a bean declares.
	 * @param bean the bean
	 * @param beanName its name, for messages
	 * @return its exception handlers
	 * @throws InvalidPipeExceptionHandlerException when two methods handle the same type, or one cannot
	 * be used
	 */
	static ExceptionHandlerMethods of(Object bean, String beanName) {
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		Map<Method, PipeExceptionHandler> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<PipeExceptionHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, PipeExceptionHandler.class));
		if (annotated.isEmpty()) {
			return NONE;
		}
		Map<Class<? extends Throwable>, ExceptionHandlerMethod> byType = new LinkedHashMap<>();
		annotated.forEach((method, annotation) -> {
			List<Class<? extends Throwable>> handled = handledTypes(method, annotation, beanName);
			ExceptionHandlerMethod handler = new ExceptionHandlerMethod(bean, beanName,
					AopUtils.selectInvocableMethod(method, bean.getClass()), handled);
			for (Class<? extends Throwable> type : handled) {
				ExceptionHandlerMethod previous = byType.putIfAbsent(type, handler);
				if (previous != null) {
					throw new InvalidPipeExceptionHandlerException("Bean '" + beanName + "' has two"
							+ " @PipeExceptionHandler methods for " + type.getName() + ": "
							+ ClassUtils.getShortName(targetClass) + "." + previous.describeMethod() + " and "
							+ ClassUtils.getShortName(targetClass) + "." + method.getName()
							+ ", so which one answers is left to chance.",
							"Keep one method for " + type.getSimpleName() + ", or make one of them handle a more"
									+ " specific exception type.");
				}
			}
		});
		return new ExceptionHandlerMethods(byType);
	}

	@SuppressWarnings("unchecked")
	private static List<Class<? extends Throwable>> handledTypes(Method method, PipeExceptionHandler annotation,
			String beanName) {
		List<Class<? extends Throwable>> types = new ArrayList<>(Arrays.asList(annotation.value()));
		if (types.isEmpty()) {
			for (Class<?> parameterType : method.getParameterTypes()) {
				if (Throwable.class.isAssignableFrom(parameterType)) {
					types.add((Class<? extends Throwable>) parameterType);
				}
			}
		}
		if (types.isEmpty()) {
			throw new InvalidPipeExceptionHandlerException("@PipeExceptionHandler method "
					+ ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName() + " (bean '"
					+ beanName + "') names no exception type to handle.",
					"List the types in the annotation, as in @PipeExceptionHandler(OrderNotFoundException.class),"
							+ " or take the exception as a parameter.");
		}
		return types;
	}

	boolean isEmpty() {
		return this.byType.isEmpty();
	}

	/**
	 * The method that answers an exception: the closest match for the exception, else for its
	 * closest cause that has one.
	 * @param ex the thrown exception
	 * @return the method and the exception or cause it matched, or {@code null} when none handles it
	 */
	@Nullable Match find(Throwable ex) {
		if (this.byType.isEmpty()) {
			return null;
		}
		Throwable candidate = ex;
		int depth = 0;
		while (candidate != null && depth++ < 16) {
			Throwable current = candidate;
			Optional<ExceptionHandlerMethod> method = this.cache.computeIfAbsent(current.getClass(), this::closest);
			if (method.isPresent()) {
				return new Match(method.get(), current);
			}
			candidate = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

	private Optional<ExceptionHandlerMethod> closest(Class<? extends Throwable> thrown) {
		List<Class<? extends Throwable>> matches = new ArrayList<>();
		for (Class<? extends Throwable> type : this.byType.keySet()) {
			if (type.isAssignableFrom(thrown)) {
				matches.add(type);
			}
		}
		if (matches.isEmpty()) {
			return Optional.empty();
		}
		matches.sort(new ExceptionDepthComparator(thrown));
		return Optional.ofNullable(this.byType.get(matches.get(0)));
	}

	/**
	 * A handler method and the exception, or cause, it was found for.
	 *
	 * @param method the method
	 * @param matched the exception itself or the cause whose type the method handles
	 */
	record Match(ExceptionHandlerMethod method, Throwable matched) {

	}

}
