package dev.pipeipc.server.jsonrpc;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedMethod;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;

/**
 * Turns JSON-RPC params into the arguments of one handler method.
 * <ul>
 * <li>A JSON array binds by position; a JSON object binds by parameter name
 * ({@link HandlerParameterNames}: the declared name, else the compiled one, else
 * {@code arg<index>}).</li>
 * <li>A method with a single value parameter of an object type (a record, a bean, a map) also takes
 * the whole params object as that value, unless the object's only member is named like the
 * parameter.</li>
 * <li>A missing or null param is allowed for {@link Optional} parameters (empty) and parameters
 * annotated {@code @Nullable} (any annotation of that simple name, such as JSpecify's); for other
 * parameters it is an error, so a handler never sees a null it did not declare.</li>
 * <li>A parameter a {@link PipeHandlerArgumentResolver} supports ({@code PipeSession},
 * {@code PipePeer}, {@link PipeCancellation}, {@code @PipeRequestId}, the application's own...) gets
 * its value from that resolver and is not a param: positions and names count only the others. A
 * resolver that {@linkplain PipeHandlerArgumentResolver#readsParams reads the params itself} lifts
 * the check for params no parameter takes.</li>
 * <li>A {@code PipeProgress} parameter is the exception: it takes its place among the params, by
 * position and by name, and the JSON value there is the caller's progress token
 * ({@link ProgressArgumentResolver}); it never takes the whole params object.</li>
 * </ul>
 * Conversion uses the application's Jackson mapper, so its modules and settings apply. Problems are
 * reported as {@value JsonRpcErrorCodes#INVALID_PARAMS} errors naming the parameter.
 */
final class ParameterBinder {

	private final PipeHandlerMethod endpoint;

	private final Parameter[] parameters;

	private final int valueCount;

	private final @Nullable Parameter wholeObjectParameter;

	private final boolean unnamedValueParameters;

	private final boolean readsParams;

	private static final ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

	/**
	 * Create the binder of one handler method with only the built-in argument resolvers.
	 * @param endpoint the handler method
	 * @param names its parameters' names ({@link HandlerParameterNames}), {@code null} where
	 * unknown: such a parameter is called {@code arg<index>} in a params object
	 */
	ParameterBinder(PipeHandlerMethod endpoint, @Nullable String[] names) {
		this(endpoint, names, HandlerArgumentResolvers.builtIn());
	}

	/**
	 * Create the binder of one handler method.
	 * @param endpoint the handler method
	 * @param names its parameters' names ({@link HandlerParameterNames}), {@code null} where
	 * unknown: such a parameter is called {@code arg<index>} in a params object
	 * @param resolvers the resolvers that serve parameters which are not JSON params
	 */
	ParameterBinder(PipeHandlerMethod endpoint, @Nullable String[] names, HandlerArgumentResolvers resolvers) {
		this.endpoint = endpoint;
		MethodParameter[] methodParameters = methodParameters(endpoint.getMethod());
		this.parameters = new Parameter[methodParameters.length];
		int values = 0;
		boolean unnamed = false;
		boolean readsParams = false;
		Parameter lastValue = null;
		for (int i = 0; i < this.parameters.length; i++) {
			String name = (names[i] != null) ? names[i] : "arg" + i;
			PipeHandlerArgumentResolver resolver;
			try {
				resolver = resolvers.find(methodParameters[i]);
			}
			catch (InvalidHandlerParameterException ex) {
				throw ex.forHandler(endpoint.describe());
			}
			this.parameters[i] = new Parameter(i, name, methodParameters[i], resolver);
			if (resolver == null || this.parameters[i].progress) {
				values++;
				lastValue = this.parameters[i];
				unnamed |= (names[i] == null);
			}
			else {
				readsParams |= resolver.readsParams(methodParameters[i]);
			}
		}
		this.valueCount = values;
		this.readsParams = readsParams;
		this.wholeObjectParameter = (values == 1 && lastValue != null && lastValue.acceptsWholeObject()) ? lastValue
				: null;
		this.unnamedValueParameters = unnamed && this.wholeObjectParameter == null;
	}

	/**
	 * The parameters of a method with the annotations of the methods it overrides merged in, and
	 * the names compiled into the class where there are any, for resolvers to inspect.
	 */
	static MethodParameter[] methodParameters(Method method) {
		MethodParameter[] parameters = new AnnotatedMethod(method).getMethodParameters();
		for (MethodParameter parameter : parameters) {
			parameter.initParameterNameDiscovery(parameterNameDiscoverer);
		}
		return parameters;
	}

	/**
	 * Which parameters a resolver serves rather than JSON params.
	 * @return one entry per parameter
	 */
	boolean[] resolvedParameters() {
		boolean[] resolved = new boolean[this.parameters.length];
		for (Parameter parameter : this.parameters) {
			resolved[parameter.index] = parameter.resolver != null;
			// A progress token is any JSON value: nothing to check against the parameter's type.
		}
		return resolved;
	}

	/**
	 * Whether a params object can reach some parameter only by its stand-in name
	 * {@code arg<index>}, because neither the code nor the class names it. A method whose single
	 * parameter takes the whole params object needs no name.
	 * @return whether callers using named params would fail
	 */
	boolean hasUnnamedValueParameters() {
		return this.unnamedValueParameters;
	}

	/**
	 * Bind params to arguments.
	 * @param params the request's params: an array, an object, or {@code null} when absent
	 * @param request the request, for the parameters resolvers serve
	 * @param mapper the mapper to convert with
	 * @return the arguments
	 * @throws JsonRpcException an invalid-params error naming the parameter
	 * @throws Exception what a resolver throws
	 */
	@Nullable Object[] bind(@Nullable JsonNode params, PipeRequestContext request, ObjectMapper mapper)
			throws Exception {
		@Nullable Object[] arguments = new Object[this.parameters.length];
		for (Parameter parameter : this.parameters) {
			if (parameter.resolver != null && !parameter.progress) {
				arguments[parameter.index] = parameter.resolver.resolveArgument(parameter.methodParameter, request);
			}
		}
		if (params == null || params.isArray()) {
			bindPositional(params, request, mapper, arguments);
		}
		else if (this.wholeObjectParameter != null && !namesOnlyParameter(params, this.wholeObjectParameter)) {
			arguments[this.wholeObjectParameter.index] = this.wholeObjectParameter.convert(params, mapper, this);
		}
		else {
			bindNamed(params, request, mapper, arguments);
		}
		return arguments;
	}

	private void bindPositional(@Nullable JsonNode params, PipeRequestContext request, ObjectMapper mapper,
			@Nullable Object[] arguments) {
		int given = (params != null) ? params.size() : 0;
		if (given > this.valueCount && !this.readsParams) {
			throw invalid("Method '" + this.endpoint.getName() + "' takes " + this.valueCount + " params but "
					+ given + " were given", null);
		}
		int position = 0;
		for (Parameter parameter : this.parameters) {
			if (parameter.resolver != null && !parameter.progress) {
				continue;
			}
			JsonNode value = (params != null && position < given) ? params.get(position) : null;
			position++;
			arguments[parameter.index] = parameter.progress ? ProgressArgumentResolver.progress(value, request, mapper)
					: parameter.convert(value, mapper, this);
		}
	}

	private void bindNamed(JsonNode params, PipeRequestContext request, ObjectMapper mapper,
			@Nullable Object[] arguments) {
		int matched = 0;
		for (Parameter parameter : this.parameters) {
			if (parameter.resolver != null && !parameter.progress) {
				continue;
			}
			JsonNode value = params.get(parameter.name);
			if (value != null) {
				matched++;
			}
			arguments[parameter.index] = parameter.progress ? ProgressArgumentResolver.progress(value, request, mapper)
					: parameter.convert(value, mapper, this);
		}
		if (matched < params.size() && !this.readsParams) {
			for (Iterator<String> names = params.propertyNames().iterator(); names.hasNext();) {
				String name = names.next();
				// '_meta' carries request metadata such as trace context (MCP's convention), not an argument.
				if (!hasValueParameter(name) && !JsonRpcRequestHeaders.META.equals(name)) {
					throw invalid("Method '" + this.endpoint.getName() + "' has no parameter named '" + name + "'",
							name);
				}
			}
		}
	}

	private boolean hasValueParameter(String name) {
		for (Parameter parameter : this.parameters) {
			if ((parameter.resolver == null || parameter.progress) && parameter.name.equals(name)) {
				return true;
			}
		}
		return false;
	}

	private static boolean namesOnlyParameter(JsonNode params, Parameter parameter) {
		return params.size() == 1 && params.has(parameter.name);
	}

	JsonRpcException invalid(String message, @Nullable String parameter) {
		Map<String, Object> data = (parameter != null) ? Map.of("method", this.endpoint.getName(), "parameter",
				parameter) : Map.of("method", this.endpoint.getName());
		return new JsonRpcException(JsonRpcErrorCodes.INVALID_PARAMS, message, data);
	}

	private static final class Parameter {

		final int index;

		final String name;

		final MethodParameter methodParameter;

		final @Nullable PipeHandlerArgumentResolver resolver;

		/** Whether this is a {@code PipeProgress}: resolved, yet bound from the params' token. */
		final boolean progress;

		final boolean optional;

		final boolean nullable;

		final Class<?> rawType;

		final java.lang.reflect.Type valueType;

		private volatile @Nullable JavaType javaType;

		Parameter(int index, String name, MethodParameter methodParameter,
				@Nullable PipeHandlerArgumentResolver resolver) {
			this.index = index;
			this.name = name;
			this.methodParameter = methodParameter;
			this.resolver = resolver;
			this.progress = resolver instanceof ProgressArgumentResolver;
			this.rawType = methodParameter.getParameterType();
			this.optional = this.rawType == Optional.class;
			this.nullable = this.optional || NullableParameters.isNullable(methodParameter);
			this.valueType = this.optional ? methodParameter.nested().getNestedGenericParameterType()
					: methodParameter.getGenericParameterType();
		}

		boolean acceptsWholeObject() {
			if (this.progress || this.optional || this.rawType.isPrimitive() || this.rawType.isArray() || this.rawType.isEnum()
					|| Collection.class.isAssignableFrom(this.rawType) || this.rawType.getName().startsWith("java.lang.")
					|| Number.class.isAssignableFrom(this.rawType) || JsonNode.class.isAssignableFrom(this.rawType)) {
				return false;
			}
			return Map.class.isAssignableFrom(this.rawType) || !this.rawType.getName().startsWith("java.");
		}

		@Nullable Object convert(@Nullable JsonNode value, ObjectMapper mapper, ParameterBinder binder) {
			if (value == null || value.isNull()) {
				if (this.optional) {
					return Optional.empty();
				}
				if (this.nullable && !this.rawType.isPrimitive()) {
					return null;
				}
				String problem = (value == null) ? "is required" : "must not be null";
				throw binder.invalid("Parameter '" + this.name + "' of method '" + binder.endpoint.getName() + "' "
						+ problem, this.name);
			}
			try {
				Object converted = mapper.treeToValue(value, javaType(mapper));
				return this.optional ? Optional.ofNullable(converted) : converted;
			}
			catch (JacksonException ex) {
				String path = describePath(ex);
				String problem = path.isEmpty() ? "expects " + describeType() + " but got " + describeJson(value)
						: "has an invalid value at '" + path + "' for " + describeType();
				throw binder.invalid("Parameter '" + this.name + "' of method '" + binder.endpoint.getName() + "' "
						+ problem, this.name);
			}
		}

		private JavaType javaType(ObjectMapper mapper) {
			JavaType type = this.javaType;
			if (type == null) {
				type = mapper.constructType(this.valueType);
				this.javaType = type;
			}
			return type;
		}

		private String describeType() {
			return ResolvableType.forType(this.valueType).toString().replaceAll("[a-z0-9_]+\\.", "");
		}

		private static String describePath(JacksonException ex) {
			List<String> path = new ArrayList<>();
			for (JacksonException.Reference reference : ex.getPath()) {
				path.add((reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]");
			}
			return String.join(".", path).replace(".[", "[");
		}

		private static String describeJson(JsonNode value) {
			return switch (value.getNodeType()) {
				case ARRAY -> "an array";
				case OBJECT, POJO -> "an object";
				case STRING -> "a string";
				case NUMBER -> "a number";
				case BOOLEAN -> "a boolean";
				default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
			};
		}

	}

}
