package dev.pipeipc.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.pipeipc.annotation.PipeExchange;

/**
 * Registers the runtime hints a {@link PipeExchange @PipeExchange} client bean (one made by
 * {@code @ImportPipeExchanges}, or any bean whose type is such an interface) needs in a native
 * image: the JDK proxy that implements the interface, each interface method for reflection (the
 * proxy reads their annotations and parameter names), and their parameter and return types for
 * Jackson binding.
 */
class PipeExchangeBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> type = exposedType(registeredBean.getBeanType());
		if (type == null || !isPipeExchange(type)) {
			return null;
		}
		return (generationContext, beanRegistrationCode) -> {
			RuntimeHints hints = generationContext.getRuntimeHints();
			hints.proxies().registerJdkProxy(type);
			BindingHints bindingHints = new BindingHints();
			for (Method method : type.getMethods()) {
				if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
					bindingHints.registerMethod(hints.reflection(), method);
				}
			}
		};
	}

	/** The type a bean exposes: the object type of a factory bean, else its own. */
	private static @Nullable Class<?> exposedType(ResolvableType beanType) {
		Class<?> type = beanType.resolve();
		if (type != null && FactoryBean.class.isAssignableFrom(type)) {
			return beanType.as(FactoryBean.class).getGeneric(0).resolve();
		}
		return type;
	}

	static boolean isPipeExchange(Class<?> type) {
		return type.isInterface() && (AnnotatedElementUtils.hasAnnotation(type, PipeExchange.class)
				|| Arrays.stream(type.getMethods())
					.anyMatch((method) -> AnnotatedElementUtils.hasAnnotation(method, PipeExchange.class)));
	}

}
