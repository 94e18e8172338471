package dev.pipeipc.server.jsonrpc;

import java.lang.annotation.Annotation;

import org.springframework.core.MethodParameter;

/**
 * Whether a parameter may be null: annotated with any annotation named {@code Nullable} (JSpecify's,
 * Spring's, JSR 305's), on the parameter or on its type use.
 */
final class NullableParameters {

	private NullableParameters() {
	}

	static boolean isNullable(MethodParameter methodParameter) {
		for (Annotation annotation : methodParameter.getParameterAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		for (Annotation annotation : methodParameter.getParameter().getAnnotatedType().getAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		return false;
	}

}
