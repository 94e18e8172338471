package dev.pipeipc.server.jsonrpc.validation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.annotation.ValidationAnnotationUtils;
import org.springframework.validation.beanvalidation.MethodValidationAdapter;
import org.springframework.validation.method.MethodValidationException;
import org.springframework.validation.method.MethodValidationResult;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;

import dev.pipeipc.annotation.PipeSensitive;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.jsonrpc.PipeHandlerValidator;

/**
 * Validates handlers with Bean Validation through Spring's {@link MethodValidationAdapter}, as Spring
 * MVC validates controller methods: {@code @Valid} and constraint annotations on parameters are
 * checked before the handler runs, and on the method (its result) before the result is sent. The
 * validation groups of {@code @Validated} on the method or its class apply.
 * <ul>
 * <li>Arguments that break a constraint fail the call with {@link PipeArgumentsNotValidException}:
 * {@value dev.pipeipc.jsonrpc.JsonRpcErrorCodes#INVALID_PARAMS}, listing each violation's
 * {@code path} (the param's name, then the property path inside it, as in
 * {@code order.lines[0].quantity}), its {@code message}, and its {@code invalidValue} when that is a
 * simple value (a string, number, boolean, enum, date...) and neither the parameter nor the property
 * is annotated {@link PipeSensitive @PipeSensitive}.</li>
 * <li>A result that breaks a constraint is the server's fault, as Spring MVC answers it with 500:
 * {@link MethodValidationException}, answered as any handler failure
 * ({@value dev.pipeipc.jsonrpc.JsonRpcErrorCodes#INTERNAL_ERROR}, logged, details only when
 * enabled).</li>
 * </ul>
 * Handlers that declare no constraint are not validated at all.
 */
public final class BeanValidationHandlerValidator implements PipeHandlerValidator {

	private final MethodValidationAdapter adapter;

	/**
	 * Create a validator.
	 * @param validator the application's validator
	 */
	public BeanValidationHandlerValidator(Validator validator) {
		this.adapter = new MethodValidationAdapter(validator);
	}

	@Override
	public @Nullable Validation prepare(PipeHandlerMethod handler, List<String> parameterNames) {
		Method method = handler.getMethod();
		boolean arguments = ConstraintDeclarations.onParameters(method);
		boolean result = ConstraintDeclarations.onResult(method);
		if (!arguments && !result) {
			return null;
		}
		return new HandlerValidation(handler, parameterNames, arguments, result,
				ValidationAnnotationUtils.determineValidationGroups(handler.getBean(), method));
	}

	private final class HandlerValidation implements Validation {

		private final PipeHandlerMethod handler;

		private final List<String> parameterNames;

		private final boolean arguments;

		private final boolean result;

		private final Class<?>[] groups;

		private final MethodParameter[] parameters;

		private final MethodParameter returnType;

		HandlerValidation(PipeHandlerMethod handler, List<String> parameterNames, boolean arguments, boolean result,
				Class<?>[] groups) {
			this.handler = handler;
			this.parameterNames = parameterNames;
			this.arguments = arguments;
			this.result = result;
			this.groups = groups;
			Method method = handler.getMethod();
			this.parameters = new MethodParameter[method.getParameterCount()];
			for (int i = 0; i < this.parameters.length; i++) {
				this.parameters[i] = new MethodParameter(method, i);
			}
			this.returnType = new MethodParameter(method, -1);
		}

		@Override
		public void validateArguments(@Nullable Object[] values) {
			if (!this.arguments) {
				return;
			}
			MethodValidationResult outcome = BeanValidationHandlerValidator.this.adapter
				.validateArguments(this.handler.getBean(), this.handler.getMethod(), this.parameters, values, this.groups);
			if (outcome.hasErrors()) {
				throw new PipeArgumentsNotValidException(this.handler.getName(), outcome, violations(outcome));
			}
		}

		@Override
		public void validateResult(@Nullable Object value) {
			if (!this.result) {
				return;
			}
			MethodValidationResult outcome = BeanValidationHandlerValidator.this.adapter
				.validateReturnValue(this.handler.getBean(), this.handler.getMethod(), this.returnType, value, this.groups);
			if (outcome.hasErrors()) {
				throw new MethodValidationException(outcome);
			}
		}

		private List<Map<String, @Nullable Object>> violations(MethodValidationResult outcome) {
			List<Map<String, @Nullable Object>> violations = new ArrayList<>();
			for (ParameterValidationResult parameterResult : outcome.getParameterValidationResults()) {
				MethodParameter parameter = parameterResult.getMethodParameter();
				String path = this.parameterNames.get(parameter.getParameterIndex()) + containerSuffix(parameterResult);
				boolean sensitive = parameter.hasParameterAnnotation(PipeSensitive.class);
				if (parameterResult instanceof ParameterErrors errors) {
					for (FieldError error : errors.getFieldErrors()) {
						ConstraintViolation<?> violation = unwrap(parameterResult, error);
						boolean hidden = sensitive || (violation != null && isSensitiveProperty(violation));
						violations.add(violation(path + "." + error.getField(), error, hidden,
								error.getRejectedValue()));
					}
					for (ObjectError error : errors.getGlobalErrors()) {
						violations.add(violation(path, error, true, null));
					}
				}
				else {
					for (MessageSourceResolvable error : parameterResult.getResolvableErrors()) {
						ConstraintViolation<?> violation = unwrap(parameterResult, error);
						Object value = (violation != null) ? violation.getInvalidValue() : parameterResult.getArgument();
						violations.add(violation(path, error, sensitive, value));
					}
				}
			}
			for (MessageSourceResolvable error : outcome.getCrossParameterValidationResults()) {
				violations.add(violation("", error, true, null));
			}
			return violations;
		}

	}

	private static String containerSuffix(ParameterValidationResult result) {
		if (result.getContainerIndex() != null) {
			return "[" + result.getContainerIndex() + "]";
		}
		if (result.getContainerKey() != null) {
			return "[" + result.getContainerKey() + "]";
		}
		return "";
	}

	private static Map<String, @Nullable Object> violation(String path, MessageSourceResolvable error, boolean hidden,
			@Nullable Object value) {
		Map<String, @Nullable Object> violation = new LinkedHashMap<>();
		violation.put("path", path);
		violation.put("message", String.valueOf(error.getDefaultMessage()));
		if (!hidden && (value == null || BeanUtils.isSimpleValueType(value.getClass()))) {
			violation.put("invalidValue", value);
		}
		return violation;
	}

	private static @Nullable ConstraintViolation<?> unwrap(ParameterValidationResult result,
			MessageSourceResolvable error) {
		try {
			return result.unwrap(error, ConstraintViolation.class);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Whether the property holding the invalid value is annotated {@link PipeSensitive}: its field,
	 * record component accessor or getter on the bean that holds it.
	 */
	private static boolean isSensitiveProperty(ConstraintViolation<?> violation) {
		Object bean = violation.getLeafBean();
		String property = null;
		for (Path.Node node : violation.getPropertyPath()) {
			property = node.getName();
		}
		if (bean == null || property == null || property.isEmpty()) {
			return false;
		}
		Class<?> type = bean.getClass();
		var field = ReflectionUtils.findField(type, property);
		if (field != null && AnnotatedElementUtils.hasAnnotation(field, PipeSensitive.class)) {
			return true;
		}
		for (String accessor : List.of(property, "get" + StringUtils.capitalize(property),
				"is" + StringUtils.capitalize(property))) {
			Method method = ReflectionUtils.findMethod(type, accessor);
			if (method != null && AnnotatedElementUtils.hasAnnotation(method, PipeSensitive.class)) {
				return true;
			}
		}
		return false;
	}

}
