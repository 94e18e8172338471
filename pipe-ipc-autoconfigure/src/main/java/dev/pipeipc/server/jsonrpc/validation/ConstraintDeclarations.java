package dev.pipeipc.server.jsonrpc.validation;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * Whether a handler declares anything Bean Validation checks, so handlers that declare nothing are
 * never validated: {@link Valid @Valid} or a constraint annotation (one meta-annotated
 * {@link Constraint @Constraint}) on a parameter, on the method (its result), or on a type argument
 * or array element of either ({@code List<@NotBlank String>}).
 */
final class ConstraintDeclarations {

	private ConstraintDeclarations() {
	}

	static boolean onParameters(Method method) {
		for (Parameter parameter : method.getParameters()) {
			if (any(parameter.getAnnotations()) || onType(parameter.getAnnotatedType())) {
				return true;
			}
		}
		return false;
	}

	static boolean onResult(Method method) {
		return method.getReturnType() != void.class
				&& (any(method.getAnnotations()) || onType(method.getAnnotatedReturnType()));
	}

	private static boolean onType(AnnotatedType type) {
		if (any(type.getAnnotations())) {
			return true;
		}
		if (type instanceof AnnotatedParameterizedType parameterized) {
			for (AnnotatedType argument : parameterized.getAnnotatedActualTypeArguments()) {
				if (onType(argument)) {
					return true;
				}
			}
		}
		if (type instanceof AnnotatedArrayType array) {
			return onType(array.getAnnotatedGenericComponentType());
		}
		return false;
	}

	private static boolean any(Annotation[] annotations) {
		for (Annotation annotation : annotations) {
			if (annotation instanceof Valid
					|| MergedAnnotations.from(annotation.annotationType()).isPresent(Constraint.class)) {
				return true;
			}
		}
		return false;
	}

}
