package dev.pipeipc.server.jsonrpc.discovery;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

import jakarta.validation.constraints.AssertFalse;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Jakarta validation constraints declared on a handler method's parameter, as JSON Schema
 * keywords. victools' Jakarta validation module describes the constraints of fields and getters,
 * that is, of the properties inside a parameter's type; a constraint on the parameter itself
 * ({@code get(@Positive long id)}) is read here, into the same keywords that module writes for
 * the same annotation on a property. Loaded only where the validation API is present.
 */
final class ParameterConstraints {

	private ParameterConstraints() {
	}

	/**
	 * Write the keywords of a parameter's constraints.
	 * @param parameter the handler method's parameter
	 * @param valueType the type of the value bound from params (the element of an {@code Optional})
	 * @param keywords where to put the keywords
	 */
	static void describe(MethodParameter parameter, Class<?> valueType, ObjectNode keywords) {
		Size size = parameter.getParameterAnnotation(Size.class);
		boolean notEmpty = parameter.hasParameterAnnotation(NotEmpty.class);
		if (CharSequence.class.isAssignableFrom(valueType)) {
			sizes(keywords, "minLength", "maxLength", size,
					notEmpty || parameter.hasParameterAnnotation(NotBlank.class));
			Email email = parameter.getParameterAnnotation(Email.class);
			if (email != null) {
				keywords.put("format", "email");
			}
			Pattern pattern = parameter.getParameterAnnotation(Pattern.class);
			if (pattern != null) {
				keywords.put("pattern", pattern.regexp());
			}
			else if (email != null && !".*".equals(email.regexp())) {
				keywords.put("pattern", email.regexp());
			}
		}
		else if (valueType.isArray() || Collection.class.isAssignableFrom(valueType)) {
			sizes(keywords, "minItems", "maxItems", size, notEmpty);
		}
		else if (Map.class.isAssignableFrom(valueType)) {
			sizes(keywords, "minProperties", "maxProperties", size, notEmpty);
		}
		numbers(parameter, keywords);
		if (parameter.hasParameterAnnotation(AssertTrue.class)) {
			keywords.put("const", true);
		}
		else if (parameter.hasParameterAnnotation(AssertFalse.class)) {
			keywords.put("const", false);
		}
	}

	private static void sizes(ObjectNode keywords, String min, String max, @Nullable Size size, boolean notEmpty) {
		if (size != null && size.min() > 0) {
			keywords.put(min, size.min());
		}
		else if (notEmpty) {
			keywords.put(min, 1);
		}
		if (size != null && size.max() < Integer.MAX_VALUE) {
			keywords.put(max, size.max());
		}
	}

	private static void numbers(MethodParameter parameter, ObjectNode keywords) {
		Min min = parameter.getParameterAnnotation(Min.class);
		DecimalMin decimalMin = parameter.getParameterAnnotation(DecimalMin.class);
		if (min != null) {
			keywords.put("minimum", min.value());
		}
		else if (decimalMin != null) {
			keywords.put(decimalMin.inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(decimalMin.value()));
		}
		else if (parameter.hasParameterAnnotation(PositiveOrZero.class)) {
			keywords.put("minimum", 0);
		}
		else if (parameter.hasParameterAnnotation(Positive.class)) {
			keywords.put("exclusiveMinimum", 0);
		}
		Max max = parameter.getParameterAnnotation(Max.class);
		DecimalMax decimalMax = parameter.getParameterAnnotation(DecimalMax.class);
		if (max != null) {
			keywords.put("maximum", max.value());
		}
		else if (decimalMax != null) {
			keywords.put(decimalMax.inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(decimalMax.value()));
		}
		else if (parameter.hasParameterAnnotation(NegativeOrZero.class)) {
			keywords.put("maximum", 0);
		}
		else if (parameter.hasParameterAnnotation(Negative.class)) {
			keywords.put("exclusiveMaximum", 0);
		}
	}

}
