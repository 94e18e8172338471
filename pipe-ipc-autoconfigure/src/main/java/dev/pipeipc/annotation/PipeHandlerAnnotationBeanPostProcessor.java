package dev.pipeipc.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;

/**
 * Finds {@link PipeHandler @PipeHandler} methods on every bean after initialization and registers
 * one {@link PipeHandlerMethod} per method with the {@link PipeHandlerRegistry}. Classes without
 * such methods are remembered so they are inspected once, and most are ruled out by a look at the
 * annotations their methods declare before the full search for merged annotations.
 */
public class PipeHandlerAnnotationBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	/** Name under which auto-configuration registers this post-processor. */
	public static final String BEAN_NAME = "dev.pipeipc.annotation.internalPipeHandlerAnnotationProcessor";

	private final Set<Class<?>> classesWithoutHandlers = ConcurrentHashMap.newKeySet();

	/** Whether each annotation type seen on a method is, or is annotated with, {@code @PipeHandler}. */
	private final Map<Class<? extends Annotation>, Boolean> handlerAnnotations = new ConcurrentHashMap<>();

	private @Nullable BeanFactory beanFactory;

	private @Nullable PipeHandlerRegistry registry;

	/**
	 * Create a post-processor that looks the registry up in the bean factory when first needed.
	 */
	public PipeHandlerAnnotationBeanPostProcessor() {
	}

	/**
	 * Create a post-processor for a given registry.
	 * @param registry the registry to register endpoints with
	 */
	public PipeHandlerAnnotationBeanPostProcessor(PipeHandlerRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof PipeHandlerRegistry) {
			return bean;
		}
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		if (this.classesWithoutHandlers.contains(targetClass) || isSpringContainerClass(targetClass)
				|| !AnnotationUtils.isCandidateClass(targetClass, PipeHandler.class)) {
			return bean;
		}
		if (!mayDeclareHandlers(targetClass)) {
			this.classesWithoutHandlers.add(targetClass);
			return bean;
		}
		Map<Method, PipeHandler> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<PipeHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, PipeHandler.class));
		if (methods.isEmpty()) {
			this.classesWithoutHandlers.add(targetClass);
			return bean;
		}
		PipeHandlerRegistry target = registry();
		methods.forEach((method, annotation) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
			target.register(new PipeHandlerMethod(annotation.server(), name, bean, beanName, invocable,
					declaredParameterNames(method, beanName), timeout(annotation, method, beanName)));
		});
		return bean;
	}

	/**
	 * The {@link PipeHandler#timeout() timeout} of a handler method, parsed as a duration.
	 */
	private static @Nullable Duration timeout(PipeHandler annotation, Method method, String beanName) {
		String text = annotation.timeout().trim();
		if (text.isEmpty()) {
			return null;
		}
		Duration timeout;
		try {
			timeout = DurationStyle.detectAndParse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("@PipeHandler method '" + method.getName() + "' of bean '" + beanName
					+ "' has timeout '" + text + "', which is not a duration; write it as '5s', '250ms' or 'PT1M'", ex);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalStateException("@PipeHandler method '" + method.getName() + "' of bean '" + beanName
					+ "' has timeout '" + text + "'; it must be positive, or empty for the server's request timeout");
		}
		return timeout;
	}

	/**
	 * The {@link PipeParam @PipeParam} names of a method's parameters, found on the method or on
	 * the interface method it implements.
	 */
	private static @Nullable String[] declaredParameterNames(Method method, String beanName) {
		MethodParameter[] parameters = new AnnotatedMethod(method).getMethodParameters();
		@Nullable String[] names = new String[parameters.length];
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < parameters.length; i++) {
			PipeParam param = parameters[i].getParameterAnnotation(PipeParam.class);
			if (param == null) {
				continue;
			}
			String name = param.value();
			if (name.isBlank()) {
				throw new IllegalStateException("Parameter " + i + " of @PipeHandler method "
						+ method.toGenericString() + " (bean '" + beanName + "') has a blank @PipeParam name."
						+ " Give the name callers use in the params object, such as @PipeParam(\"id\").");
			}
			if (!seen.add(name)) {
				throw new IllegalStateException("@PipeHandler method " + method.toGenericString() + " (bean '"
						+ beanName + "') names two parameters '" + name + "' with @PipeParam. Give each"
						+ " parameter its own name.");
			}
			names[i] = name;
		}
		return names;
	}

	/**
	 * Whether any method of a class, its superclasses or its interfaces carries
	 * {@link PipeHandler @PipeHandler}, directly or through an annotation annotated with it. A
	 * quick look at the annotations the methods declare, which rules out almost every bean (a JSON
	 * mapper has hundreds of methods and none of them annotated) without searching each method's
	 * overridden methods for merged annotations, as the full scan does.
	 */
	private boolean mayDeclareHandlers(Class<?> type) {
		Set<Class<?>> seen = new HashSet<>();
		Deque<Class<?>> pending = new ArrayDeque<>();
		pending.add(type);
		while (!pending.isEmpty()) {
			Class<?> current = pending.poll();
			if (current == Object.class || !seen.add(current)) {
				continue;
			}
			if (declaresHandlers(current)) {
				return true;
			}
			Class<?> superclass = current.getSuperclass();
			if (superclass != null) {
				pending.add(superclass);
			}
			Collections.addAll(pending, current.getInterfaces());
		}
		return false;
	}

	private boolean declaresHandlers(Class<?> type) {
		for (Method method : ReflectionUtils.getDeclaredMethods(type)) {
			for (Annotation annotation : method.getDeclaredAnnotations()) {
				if (this.handlerAnnotations.computeIfAbsent(annotation.annotationType(),
						(annotationType) -> annotationType == PipeHandler.class
								|| AnnotationUtils.isAnnotationMetaPresent(annotationType, PipeHandler.class))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Spring's own infrastructure beans carry no handlers; skipping their methods saves most of
	 * the scan at startup. The same rule as Spring's {@code EventListenerMethodProcessor}.
	 */
	private static boolean isSpringContainerClass(Class<?> type) {
		return type.getName().startsWith("org.springframework.")
				&& !AnnotatedElementUtils.isAnnotated(ClassUtils.getUserClass(type), Component.class);
	}

	private PipeHandlerRegistry registry() {
		if (this.registry == null) {
			if (this.beanFactory == null) {
				throw new IllegalStateException("No PipeHandlerRegistry set and no BeanFactory to look it up in");
			}
			this.registry = this.beanFactory.getBean(PipeHandlerRegistry.class);
		}
		return this.registry;
	}

}
