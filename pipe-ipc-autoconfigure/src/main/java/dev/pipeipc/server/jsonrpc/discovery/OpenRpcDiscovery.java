package dev.pipeipc.server.jsonrpc.discovery;

import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.PipeCancellation;
import dev.pipeipc.server.jsonrpc.PipeHandlerArgumentResolver;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;
import dev.pipeipc.transport.PipePeer;

/**
 * The OpenRPC service discovery method {@value #METHOD} of one JSON-RPC server: answers with an
 * OpenRPC document describing the application's handler methods on that server, generated when
 * first asked for and again only when the handlers have changed (a lazy bean registered more).
 * Registered with {@link PipeHandlerRegistry#registerBuiltIn}, so it is served like a handler
 * without being one of the application's: an application's own {@value #METHOD} handler wins.
 * <p>
 * Following the OpenRPC convention, {@value #METHOD} is not in the methods it lists: every server
 * that follows the specification serves it, so clients do not look for it there.
 * <p>
 * Needs victools' jsonschema-generator and its Jackson module ({@link #isAvailable}); its Jakarta
 * validation module adds the constraints where the validation API is present.
 *
 * @see <a href="https://spec.open-rpc.org/#service-discovery-method">OpenRPC: Service Discovery Method</a>
 * @see <a href="https://github.com/open-rpc/spec/issues/238">open-rpc/spec#238: rpc.discover is not
 * listed in its own document</a>
 */
public final class OpenRpcDiscovery {

	/** The name of the discovery method. */
	public static final String METHOD = "rpc.discover";

	/**
	 * Handler parameters the server's built-in argument resolvers give a value, rather than the
	 * params: the calling session, its peer, the cancellation signal and the request context. A
	 * {@code PipeProgress} parameter is not among them: it takes a place in the params (the caller's
	 * progress token), and the document describes it as a param.
	 */
	public static final Predicate<MethodParameter> BUILT_IN_ARGUMENTS = (parameter) -> {
		Class<?> type = parameter.getParameterType();
		return PipeSession.class.isAssignableFrom(type) || PipePeer.class.isAssignableFrom(type)
				|| (type == Optional.class && parameter.nested().getNestedParameterType() == PipePeer.class)
				|| type == PipeCancellation.class || type == PipeRequestContext.class;
	};

	/**
	 * Handler parameters that are not params: those of {@link #BUILT_IN_ARGUMENTS} and those the
	 * given resolvers support, as the server binds them.
	 * @param resolvers the server's additional argument resolvers
	 * @return which parameters are not described as params
	 */
	public static Predicate<MethodParameter> resolvedArguments(List<? extends PipeHandlerArgumentResolver> resolvers) {
		List<PipeHandlerArgumentResolver> copy = List.copyOf(resolvers);
		return BUILT_IN_ARGUMENTS
			.or((parameter) -> copy.stream().anyMatch((resolver) -> resolver.supportsParameter(parameter)));
	}

	private static final String[] REQUIRED_CLASSES = { "com.github.victools.jsonschema.generator.SchemaGenerator",
			"com.github.victools.jsonschema.module.jackson.JacksonSchemaModule" };

	private static final Method DISCOVER = discoverMethod();

	private final String serverId;

	private final PipeHandlerRegistry registry;

	private final OpenRpcDocumentGenerator generator;

	private volatile @Nullable Generated generated;

	/**
	 * Create the discovery method of one server.
	 * @param serverId the server's id in the registry
	 * @param registry where the server's handlers are registered
	 * @param mapper the application's mapper, whose way of reading and writing the schemas describe
	 * @param info the title, version and description of the document
	 * @param injected which handler parameters are given a value by argument resolvers rather than
	 * bound from params: {@link #BUILT_IN_ARGUMENTS}, or {@link #resolvedArguments(List)}
	 */
	public OpenRpcDiscovery(String serverId, PipeHandlerRegistry registry, ObjectMapper mapper, Info info,
			Predicate<MethodParameter> injected) {
		this.serverId = serverId;
		this.registry = registry;
		this.generator = new OpenRpcDocumentGenerator(mapper, info.title(), info.version(), info.description(),
				injected);
	}

	/**
	 * Whether the libraries that generate the document are present.
	 * @param classLoader the class loader to look in
	 * @return {@code true} if victools' jsonschema-generator and its Jackson module are present
	 */
	public static boolean isAvailable(@Nullable ClassLoader classLoader) {
		for (String name : REQUIRED_CLASSES) {
			if (!ClassUtils.isPresent(name, classLoader)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The endpoint to register with {@link PipeHandlerRegistry#registerBuiltIn}.
	 * @return the {@value #METHOD} endpoint of this server
	 */
	public PipeHandlerMethod endpoint() {
		return new PipeHandlerMethod(this.serverId, METHOD, this, "openRpcDiscovery", DISCOVER);
	}

	/**
	 * Describe the server's handler methods.
	 * @return the OpenRPC document
	 */
	public JsonNode discover() {
		List<PipeHandlerMethod> endpoints = this.registry.getEndpoints(this.serverId)
			.stream()
			.sorted(Comparator.comparing(PipeHandlerMethod::getName))
			.toList();
		Generated current = this.generated;
		if (current != null && current.isFor(endpoints)) {
			return current.document();
		}
		ObjectNode document = this.generator.generate(endpoints);
		this.generated = new Generated(endpoints, document);
		return document;
	}

	private static Method discoverMethod() {
		Method method = ReflectionUtils.findMethod(OpenRpcDiscovery.class, "discover");
		if (method == null) {
			throw new IllegalStateException("OpenRpcDiscovery has lost its discover() method");
		}
		return method;
	}

	/**
	 * What the document says about the API as a whole.
	 * @param title the API's title, such as the application's name
	 * @param version the API's version, such as the application's
	 * @param description a sentence saying what is described
	 */
	public record Info(String title, String version, String description) {
	}

	/**
	 * A document and the handlers it was generated from, compared by identity: a registry holds
	 * each endpoint once.
	 */
	private record Generated(List<PipeHandlerMethod> endpoints, ObjectNode document) {

		boolean isFor(List<PipeHandlerMethod> current) {
			if (current.size() != this.endpoints.size()) {
				return false;
			}
			for (int i = 0; i < current.size(); i++) {
				if (current.get(i) != this.endpoints.get(i)) {
					return false;
				}
			}
			return true;
		}

	}

}
