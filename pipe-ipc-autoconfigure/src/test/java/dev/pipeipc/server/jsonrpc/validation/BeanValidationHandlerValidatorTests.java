package dev.pipeipc.server.jsonrpc.validation;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.validation.method.MethodValidationException;

import dev.pipeipc.annotation.PipeSensitive;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.server.jsonrpc.PipeHandlerValidator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link BeanValidationHandlerValidator} with Hibernate Validator, on handler methods called
 * directly: what it validates, and the violations it reports.
 */
class BeanValidationHandlerValidatorTests {

	private static final LocalValidatorFactoryBean validatorFactory = validatorFactory();

	private final BeanValidationHandlerValidator validator = new BeanValidationHandlerValidator(validatorFactory);

	private static LocalValidatorFactoryBean validatorFactory() {
		LocalValidatorFactoryBean factory = new LocalValidatorFactoryBean();
		factory.afterPropertiesSet();
		return factory;
	}

	@AfterAll
	static void closeValidator() {
		validatorFactory.close();
	}

	private PipeHandlerValidator.@Nullable Validation prepare(String methodName, String... names) {
		Method method = ReflectionUtils.findMethod(Orders.class, methodName, (Class<?>[]) null);
		assertThat(method).as("method %s", methodName).isNotNull();
		PipeHandlerMethod handler = new PipeHandlerMethod("", "orders." + methodName, new Orders(), "orders", method);
		return this.validator.prepare(handler, Arrays.asList(names));
	}

	private List<Map<String, @Nullable Object>> violations(String methodName, List<String> names,
			@Nullable Object... arguments) {
		PipeHandlerValidator.Validation validation = prepare(methodName, names.toArray(String[]::new));
		assertThat(validation).isNotNull();
		try {
			validation.validateArguments(arguments);
		}
		catch (PipeArgumentsNotValidException ex) {
			assertThat(ex.getCode()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS);
			assertThat(ex.getMessage()).isEqualTo("Params of method 'orders." + methodName + "' are not valid");
			assertThat(ex.getData()).isEqualTo(Map.of("method", "orders." + methodName, "violations",
					ex.getViolations()));
			return ex.getViolations();
		}
		throw new AssertionError("Arguments of " + methodName + " were valid");
	}

	@Test
	void handlerWithoutConstraintsIsNotValidated() {
		assertThat(prepare("plain", "value")).isNull();
	}

	@Test
	void validArgumentsPass() {
		PipeHandlerValidator.Validation validation = prepare("create", "order");
		assertThat(validation).isNotNull();
		assertThatNoException().isThrownBy(() -> validation.validateArguments(new Object[] { new NewOrder("tea", 1) }));
	}

	@Test
	void propertyOfAValidObjectIsReportedByParamNameAndPropertyWithItsValue() {
		assertThat(violations("create", List.of("order"), new NewOrder("tea", 0)))
			.containsExactly(Map.of("path", "order.quantity", "message", "at least 1", "invalidValue", 0));
	}

	@Test
	void constrainedParameterIsReportedByTheNameItHasInParams() {
		assertThat(violations("get", List.of("orderId"), 0L))
			.containsExactly(Map.of("path", "orderId", "message", "positive id", "invalidValue", 0L));
	}

	@Test
	void sensitivePropertyIsReportedWithoutItsValue() {
		assertThat(violations("login", List.of("login"), new Login("ada", "short")))
			.containsExactly(Map.of("path", "login.password", "message", "12 characters or more"));
	}

	@Test
	void sensitiveParameterIsReportedWithoutItsValue() {
		assertThat(violations("unlock", List.of("code"), "12"))
			.containsExactly(Map.of("path", "code", "message", "3 digits"));
	}

	@Test
	void containerElementIsReportedWithItsIndex() {
		assertThat(violations("tag", List.of("tags"), List.of("ok", " ")))
			.containsExactly(Map.of("path", "tags[1]", "message", "no blank tag", "invalidValue", " "));
	}

	@Test
	void missingValueIsReportedAsNull() {
		List<Map<String, @Nullable Object>> violations = violations("create", List.of("order"), new NewOrder(null, 2));
		assertThat(violations).singleElement().satisfies((violation) -> {
			assertThat(violation).containsEntry("path", "order.item").containsEntry("message", "item needed");
			assertThat(violation).containsKey("invalidValue").containsEntry("invalidValue", null);
		});
	}

	@Test
	void objectValuesAreNotEchoed() {
		assertThat(violations("group", List.of("members"), List.of()))
			.containsExactly(Map.of("path", "members", "message", "one member or more"));
	}

	@Test
	void resultBreakingAConstraintFailsWithMethodValidationException() {
		PipeHandlerValidator.Validation validation = prepare("find", "value");
		assertThat(validation).isNotNull();
		assertThatNoException().isThrownBy(() -> validation.validateArguments(new Object[] { "x" }));
		assertThatNoException().isThrownBy(() -> validation.validateResult("found"));
		assertThatExceptionOfType(MethodValidationException.class).isThrownBy(() -> validation.validateResult(null))
			.satisfies((ex) -> assertThat(ex.isForReturnValue()).isTrue());
	}

	record NewOrder(@NotBlank(message = "item needed") @Nullable String item,
			@Min(value = 1, message = "at least 1") int quantity) {
	}

	record Login(String user, @PipeSensitive @Size(min = 12, message = "12 characters or more") String password) {
	}

	static class Orders {

		String plain(String value) {
			return value;
		}

		String create(@Valid NewOrder order) {
			return order.item();
		}

		String get(@Min(value = 1, message = "positive id") long id) {
			return "";
		}

		String login(@Valid Login login) {
			return login.user();
		}

		String unlock(@PipeSensitive @Size(min = 3, message = "3 digits") String code) {
			return code;
		}

		String tag(List<@NotBlank(message = "no blank tag") String> tags) {
			return "";
		}

		String group(@Size(min = 1, message = "one member or more") List<String> members) {
			return "";
		}

		@NotNull
		@Nullable String find(String value) {
			return null;
		}

	}

}
