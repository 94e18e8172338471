package dev.pipeipc.server.jsonrpc.annotation;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.util.ClassUtils;

import dev.pipeipc.annotation.PipeControllerAdvice;
import dev.pipeipc.config.PipeHandlerMethod;

/**
 * One {@link PipeControllerAdvice @PipeControllerAdvice} bean: its exception handlers and which
 * handlers it applies to.
 */
public final class PipeControllerAdviceBean {

	private final String beanName;

	private final ExceptionHandlerMethods methods;

	private final List<String> servers;

	private final List<String> basePackages;

	private final List<Class<?>> assignableTypes;

	private final List<Class<? extends Annotation>> annotations;

	/**
	 * Describe an advice bean.
	 * @param bean the bean
	 * @param beanName its name
	 * @param advice its annotation
	 * @throws InvalidPipeExceptionHandlerException when its exception handlers cannot be used
	 */
	public PipeControllerAdviceBean(Object bean, String beanName, PipeControllerAdvice advice) {
		this.beanName = beanName;
		this.methods = ExceptionHandlerMethods.of(bean, beanName);
		this.servers = List.of(advice.servers());
		List<String> packages = new ArrayList<>(Arrays.asList(advice.basePackages()));
		for (Class<?> type : advice.basePackageClasses()) {
			packages.add(ClassUtils.getPackageName(type));
		}
		this.basePackages = List.copyOf(packages);
		this.assignableTypes = List.of(advice.assignableTypes());
		this.annotations = List.of(advice.annotations());
	}

	/**
	 * The advice beans of a bean factory, in their {@code @Order}.
	 * @param beanFactory where to look
	 * @return the advice beans, ordered
	 */
	public static List<PipeControllerAdviceBean> findAnnotatedBeans(ListableBeanFactory beanFactory) {
		List<Map.Entry<String, Object>> beans = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForAnnotation(PipeControllerAdvice.class)) {
			beans.add(Map.entry(name, beanFactory.getBean(name)));
		}
		beans.sort((left, right) -> AnnotationAwareOrderComparator.INSTANCE.compare(left.getValue(), right.getValue()));
		List<PipeControllerAdviceBean> advice = new ArrayList<>();
		for (Map.Entry<String, Object> bean : beans) {
			PipeControllerAdvice annotation = beanFactory.findAnnotationOnBean(bean.getKey(), PipeControllerAdvice.class);
			if (annotation != null) {
				advice.add(new PipeControllerAdviceBean(bean.getValue(), bean.getKey(), annotation));
			}
		}
		return advice;
	}

	/**
	 * Whether this advice answers for a handler.
	 * @param handler the handler method
	 * @return whether its server and bean are selected
	 */
	public boolean appliesTo(PipeHandlerMethod handler) {
		if (!this.servers.isEmpty() && !this.servers.contains(handler.getServerId())) {
			return false;
		}
		if (this.basePackages.isEmpty() && this.assignableTypes.isEmpty() && this.annotations.isEmpty()) {
			return true;
		}
		Class<?> beanType = AopProxyUtils.ultimateTargetClass(handler.getBean());
		for (String basePackage : this.basePackages) {
			if (beanType.getName().startsWith(basePackage + ".")) {
				return true;
			}
		}
		for (Class<?> type : this.assignableTypes) {
			if (type.isAssignableFrom(beanType)) {
				return true;
			}
		}
		for (Class<? extends Annotation> annotation : this.annotations) {
			if (AnnotatedElementUtils.hasAnnotation(beanType, annotation)) {
				return true;
			}
		}
		return false;
	}

	ExceptionHandlerMethods methods() {
		return this.methods;
	}

	@Override
	public String toString() {
		return "@PipeControllerAdvice bean '" + this.beanName + "'";
	}

}
