package dev.pipeipc.server.jsonrpc.discovery;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.PipeProgress;

/**
 * Writes the OpenRPC document of a server's handler methods: one method object per handler, sorted
 * by name, with its params (name, whether required, JSON Schema), its result, its errors and its
 * deprecation, and the shared schemas and standard errors under {@code components}.
 * <ul>
 * <li>Params are the parameters bound from the request's params, named as the binder names them
 * ({@code @PipeParam}, else the compiled name, else {@code arg<index>}); parameters that argument
 * resolvers give a value (the session, the peer, the request id, an application's own) are left
 * out. A parameter is optional when it is an {@link Optional} or
 * annotated {@code @Nullable}, unless a required one follows it: OpenRPC lists optional params
 * last, and by position a later param can only be reached by giving the earlier ones.</li>
 * <li>{@code paramStructure} is {@code either}: every handler binds a JSON array by position and a
 * JSON object by name.</li>
 * <li>The result is the return type's schema, the value of a returned {@link CompletionStage},
 * and {@code null} for {@code void}.</li>
 * <li>Errors are those declared with {@link PipeHandlerError @PipeHandlerError} on the method or
 * its class, then {@value JsonRpcErrorCodes#INVALID_PARAMS} for a method that takes params and
 * {@value JsonRpcErrorCodes#INTERNAL_ERROR} for every method, unless declared with the same code.</li>
 * <li>A method annotated {@link Deprecated @Deprecated} (or in a deprecated class) is marked
 * {@code deprecated}.</li>
 * </ul>
 */
final class OpenRpcDocumentGenerator {

	/** The version of the OpenRPC specification the documents follow. */
	static final String OPENRPC_VERSION = "1.3.2";

	static final String INVALID_PARAMS = "InvalidParams";

	static final String INTERNAL_ERROR = "InternalError";

	/**
	 * How a {@code PipeProgress} param is described: it holds a token rather than a value, and the
	 * schema of the reported values goes in {@code x-progress-value}, an extension field.
	 */
	static final String PROGRESS_DESCRIPTION = "Progress token: any JSON value, or null (or absent) for no"
			+ " progress. The server sends $/progress notifications {\"token\": <this token>, \"value\": <progress>}"
			+ " before the response; x-progress-value is the schema of the values.";

	private static final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final ObjectMapper mapper;

	private final String title;

	private final String version;

	private final String description;

	private final Predicate<MethodParameter> injected;

	/**
	 * Create a generator.
	 * @param mapper the application's mapper: the schemas describe what it reads and writes
	 * @param title the document's title
	 * @param version the API's version
	 * @param description what the document describes
	 * @param injected which handler parameters are injected rather than bound from params
	 */
	OpenRpcDocumentGenerator(ObjectMapper mapper, String title, String version, String description,
			Predicate<MethodParameter> injected) {
		this.mapper = mapper;
		this.title = title;
		this.version = version;
		this.description = description;
		this.injected = injected;
	}

	/**
	 * Generate the document.
	 * @param endpoints the server's handler methods
	 * @return the OpenRPC document
	 */
	ObjectNode generate(List<PipeHandlerMethod> endpoints) {
		HandlerSchemas schemas = new HandlerSchemas(this.mapper);
		List<Runnable> afterSchemas = new ArrayList<>();
		Set<String> standardErrors = new LinkedHashSet<>();
		ObjectNode document = this.mapper.createObjectNode();
		document.put("openrpc", OPENRPC_VERSION);
		document.putObject("info")
			.put("title", this.title)
			.put("description", this.description)
			.put("version", this.version);
		ArrayNode methods = document.putArray("methods");
		endpoints.stream()
			.sorted(Comparator.comparing(PipeHandlerMethod::getName))
			.forEach((endpoint) -> methods.add(method(endpoint, schemas, afterSchemas, standardErrors)));
		ObjectNode definitions = schemas.collectDefinitions();
		afterSchemas.forEach(Runnable::run);
		ObjectNode components = document.putObject("components");
		components.set("schemas", definitions);
		ObjectNode errors = components.putObject("errors");
		if (standardErrors.contains(INVALID_PARAMS)) {
			errors.putObject(INVALID_PARAMS).put("code", JsonRpcErrorCodes.INVALID_PARAMS).put("message", "Invalid params");
		}
		if (standardErrors.contains(INTERNAL_ERROR)) {
			errors.putObject(INTERNAL_ERROR).put("code", JsonRpcErrorCodes.INTERNAL_ERROR).put("message", "Internal error");
		}
		return document;
	}

	private ObjectNode method(PipeHandlerMethod endpoint, HandlerSchemas schemas, List<Runnable> afterSchemas,
			Set<String> standardErrors) {
		Method method = endpoint.getMethod();
		ObjectNode node = this.mapper.createObjectNode();
		node.put("name", endpoint.getName());
		if (isDeprecated(method)) {
			node.put("deprecated", true);
		}
		node.put("paramStructure", "either");
		List<Param> params = params(endpoint);
		ArrayNode paramNodes = node.putArray("params");
		for (Param param : params) {
			if (param.progress()) {
				ObjectNode progress = paramNodes.addObject()
					.put("name", param.name())
					.put("description", PROGRESS_DESCRIPTION)
					.put("required", param.required());
				progress.putObject("schema");
				progress.set("x-progress-value", schemas.reference(param.type()));
				continue;
			}
			ObjectNode schema = schemas.reference(param.type());
			paramNodes.addObject().put("name", param.name()).put("required", param.required()).set("schema", schema);
			if (HandlerSchemas.describesConstraints()) {
				ObjectNode keywords = this.mapper.createObjectNode();
				ParameterConstraints.describe(param.parameter(), ResolvableType.forType(param.type()).toClass(), keywords);
				if (!keywords.isEmpty()) {
					afterSchemas.add(() -> constrain(schema, keywords));
				}
			}
		}
		node.putObject("result").put("name", "result").set("schema", result(method, schemas));
		ArrayNode errors = node.putArray("errors");
		Set<Integer> declaredCodes = new LinkedHashSet<>();
		for (PipeHandlerError error : declaredErrors(method)) {
			if (declaredCodes.add(error.code())) {
				errors.addObject().put("code", error.code()).put("message", error.message());
			}
		}
		if (!params.isEmpty() && !declaredCodes.contains(JsonRpcErrorCodes.INVALID_PARAMS)) {
			errors.addObject().put("$ref", "#/components/errors/" + INVALID_PARAMS);
			standardErrors.add(INVALID_PARAMS);
		}
		if (!declaredCodes.contains(JsonRpcErrorCodes.INTERNAL_ERROR)) {
			errors.addObject().put("$ref", "#/components/errors/" + INTERNAL_ERROR);
			standardErrors.add(INTERNAL_ERROR);
		}
		return node;
	}

	private List<Param> params(PipeHandlerMethod endpoint) {
		Method method = endpoint.getMethod();
		@Nullable String @Nullable [] compiled = parameterNames.getParameterNames(method);
		List<Param> params = new ArrayList<>();
		for (int i = 0; i < method.getParameterCount(); i++) {
			MethodParameter parameter = new MethodParameter(method, i);
			if (this.injected.test(parameter)) {
				continue;
			}
			String declared = endpoint.getDeclaredParameterName(i);
			String compiledName = (compiled != null) ? compiled[i] : null;
			String name = (declared != null) ? declared : (compiledName != null) ? compiledName : "arg" + i;
			boolean optional = parameter.getParameterType() == Optional.class;
			boolean progress = parameter.getParameterType() == PipeProgress.class;
			Type type = (optional || progress) ? parameter.nested().getNestedGenericParameterType()
					: parameter.getGenericParameterType();
			params.add(new Param(name, type, parameter, !optional && !progress && !isNullable(parameter), progress));
		}
		// Optional params come last in OpenRPC; one followed by a required param must be given by position.
		boolean requiredLater = false;
		for (int i = params.size() - 1; i >= 0; i--) {
			Param param = params.get(i);
			if (!param.required() && requiredLater) {
				params.set(i, new Param(param.name(), param.type(), param.parameter(), true, param.progress()));
			}
			requiredLater |= params.get(i).required();
		}
		return params;
	}

	private ObjectNode result(Method method, HandlerSchemas schemas) {
		Class<?> returnType = method.getReturnType();
		if (returnType == void.class || returnType == Void.class) {
			return this.mapper.createObjectNode().put("type", "null");
		}
		if (CompletionStage.class.isAssignableFrom(returnType)) {
			ResolvableType value = ResolvableType.forMethodReturnType(method).as(CompletionStage.class).getGeneric(0);
			Class<?> valueClass = value.resolve(Object.class);
			return (valueClass == Void.class) ? this.mapper.createObjectNode().put("type", "null")
					: schemas.reference(resolved(value));
		}
		return schemas.reference(method.getGenericReturnType());
	}

	/**
	 * A type with its type arguments resolved, for a type Spring resolved through a supertype (the
	 * {@code T} of {@code CompletableFuture<T>} seen as a {@code CompletionStage<T>}).
	 */
	private static Type resolved(ResolvableType type) {
		Class<?> raw = type.resolve(Object.class);
		if (!type.hasGenerics()) {
			return raw;
		}
		ResolvableType[] generics = type.getGenerics();
		Type[] arguments = new Type[generics.length];
		for (int i = 0; i < generics.length; i++) {
			arguments[i] = resolved(generics[i]);
		}
		return new Parameterized(raw, arguments);
	}

	/**
	 * Add a parameter's own constraints to its schema. Draft 7 ignores keywords beside a
	 * {@code $ref}, so a referenced schema is wrapped in {@code allOf}.
	 */
	private static void constrain(ObjectNode schema, ObjectNode keywords) {
		if (schema.has("$ref")) {
			ObjectNode reference = schema.objectNode().put("$ref", schema.get("$ref").asString());
			schema.remove("$ref");
			schema.putArray("allOf").add(reference);
		}
		schema.setAll(keywords);
	}

	private static List<PipeHandlerError> declaredErrors(Method method) {
		List<PipeHandlerError> errors = new ArrayList<>(
				AnnotatedElementUtils.findMergedRepeatableAnnotations(method, PipeHandlerError.class));
		errors.addAll(AnnotatedElementUtils.findMergedRepeatableAnnotations(
				ClassUtils.getUserClass(method.getDeclaringClass()), PipeHandlerError.class));
		return errors;
	}

	private static boolean isDeprecated(Method method) {
		return method.isAnnotationPresent(Deprecated.class)
				|| ClassUtils.getUserClass(method.getDeclaringClass()).isAnnotationPresent(Deprecated.class);
	}

	/**
	 * The same rule as the binder's: any annotation named {@code Nullable}, on the parameter or its
	 * type, such as JSpecify's.
	 */
	private static boolean isNullable(MethodParameter parameter) {
		for (Annotation annotation : parameter.getParameterAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		for (Annotation annotation : parameter.getParameter().getAnnotatedType().getAnnotations()) {
			if (annotation.annotationType().getSimpleName().equals("Nullable")) {
				return true;
			}
		}
		return false;
	}

	private record Parameterized(Class<?> getRawType, Type[] getActualTypeArguments) implements ParameterizedType {

		@Override
		public @Nullable Type getOwnerType() {
			return null;
		}

	}

	/**
	 * A param of the method.
	 *
	 * @param progress whether it is a {@code PipeProgress}: the param is the caller's token, and the
	 * type is that of the values reported
	 */
	private record Param(String name, Type type, MethodParameter parameter, boolean required, boolean progress) {
	}

}
