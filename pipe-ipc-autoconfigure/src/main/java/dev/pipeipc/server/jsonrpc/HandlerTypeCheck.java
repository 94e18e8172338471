package dev.pipeipc.server.jsonrpc;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

import org.springframework.core.ResolvableType;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.PipeSession;

/**
 * Checks, once when a server starts, that every parameter of a handler can be bound from JSON
 * params and that its return value can be written as a JSON result. Jackson would accept most of
 * the types refused here and fail on every call, or worse, succeed: it builds a {@link Thread}
 * from {@code {}}, loads a {@link Class} by the name a caller sends, and writes an
 * {@link InputStream} as {@code {}}.
 * <p>
 * Refused wherever they appear in a parameter's or result's type (as the type itself, an element
 * of an array or a type argument, as in {@code List<InputStream>}):
 * <ul>
 * <li>streams: {@link InputStream}, {@link OutputStream}, {@link Reader}, {@link Writer};</li>
 * <li>connections: {@link Socket}, {@link ServerSocket}, {@link DatagramSocket}, any NIO
 * {@link Channel};</li>
 * <li>threads: {@link Thread}, {@link ThreadGroup}, any {@link Executor};</li>
 * <li>code: any interface annotated {@link FunctionalInterface} ({@link Runnable},
 * {@link java.util.concurrent.Callable Callable}, {@code java.util.function.*}, your own);</li>
 * <li>the JVM itself: {@link ClassLoader}, {@link Class}, reflection members, {@link Process},
 * {@link ProcessHandle}, {@link Runtime};</li>
 * <li>results still being computed: {@link Future} and {@link CompletionStage}, except one
 * {@code CompletionStage} returned directly, which is awaited;</li>
 * <li>a {@link PipeSession}, {@link PipeRequestContext} or {@link PipeCancellation} anywhere but as
 * a parameter by itself, where it is injected;</li>
 * <li>in parameters, a type variable ({@code <T> void handle(T value)}): it is erased, so params
 * would be bound as maps and lists, not as the type the handler expects.</li>
 * </ul>
 * Parameters an argument resolver serves ({@code PipeSession}, {@code PipePeer},
 * {@link PipeCancellation}, {@code @PipeRequestId}, the application's own) are not checked: they
 * are never read from JSON.
 * <p>
 * {@code Object} is allowed: as a parameter it takes any JSON value (as maps, lists, strings,
 * numbers and booleans), as a result it is written by its runtime type.
 */
final class HandlerTypeCheck {

	private static final List<Rule> RULES = List.of(
			new Rule(Position.ANY, "is a stream, read or written over time, with no JSON form.",
					"Take or return the content itself: a String, a byte[] (base64 in JSON) or a record. To exchange"
							+ " bytes as they are, serve the pipe with the raw protocol (pipe.server.protocol=raw).",
					InputStream.class, OutputStream.class, Reader.class, Writer.class),
			new Rule(Position.ANY, "is an open connection of this process, with no JSON form.",
					"Declare a PipeSession parameter to learn about the calling connection or to send it"
							+ " notifications; pass addresses and names as Strings.",
					Socket.class, ServerSocket.class, DatagramSocket.class, Channel.class),
			new Rule(Position.ANY, "belongs to this JVM's threads, with no JSON form.",
					"Inject executors into the handler's bean, and return a CompletableFuture to answer later.",
					Thread.class, ThreadGroup.class, Executor.class),
			new Rule(Position.ANY, "is part of the running JVM, not data a caller can send or read.",
					"Take a name (a String or an enum) and look it up among what the handler knows; return data"
							+ " that describes it.",
					ClassLoader.class, Class.class, Member.class, Process.class, ProcessHandle.class,
					Runtime.class),
			new Rule(Position.PARAMETER, "is a result still being computed in this JVM, with no JSON form.",
					"Take the value itself.", Future.class, CompletionStage.class),
			new Rule(Position.RESULT,
					"is awaited only when it is the return type itself; here it would be written as an object"
							+ " instead of its value.",
					"Return a CompletableFuture (or another CompletionStage) of the whole result.", Future.class,
					CompletionStage.class),
			new Rule(Position.ANY,
					"is the calling connection: it is injected as a parameter by itself, never read from or written"
							+ " to JSON.",
					"Declare PipeSession as a parameter of its own, and return plain data such as session.id().",
					PipeSession.class),
			new Rule(Position.ANY,
					"belongs to the request being handled: it is injected as a parameter by itself, never read from"
							+ " or written to JSON.",
					"Declare it as a parameter of its own, and return plain data such as request.method().",
					PipeRequestContext.class, PipeCancellation.class));

	private static final String FUNCTIONAL_REASON = "is a functional interface: code, not data, which JSON cannot"
			+ " carry.";

	private static final String FUNCTIONAL_ACTION = "Take data that names what to do (an enum or a record) and"
			+ " choose the behaviour in the handler; to answer later, return a CompletableFuture.";

	private static final String TYPE_VARIABLE_REASON = "is a type variable, erased when compiled, so params would"
			+ " be bound as maps and lists instead of the type the handler expects.";

	private static final String TYPE_VARIABLE_ACTION = "Declare the concrete type, or take a JsonNode to read the"
			+ " params yourself.";

	private HandlerTypeCheck() {
	}

	/**
	 * Check a handler's parameter and return types.
	 * @param endpoint the handler method
	 * @param parameterNames the names of its parameters, for messages ({@code null} where unknown)
	 * @throws UnsupportedHandlerTypeException for the first type that has no JSON form
	 */
	static void check(PipeHandlerMethod endpoint, @Nullable String[] parameterNames) {
		check(endpoint, parameterNames, new ParameterBinder(endpoint, parameterNames).resolvedParameters());
	}

	/**
	 * Check a handler's parameter and return types, skipping the parameters argument resolvers
	 * serve: they are never read from JSON.
	 * @param endpoint the handler method
	 * @param parameterNames the names of its parameters, for messages ({@code null} where unknown)
	 * @param resolved which parameters a resolver serves
	 * @throws UnsupportedHandlerTypeException for the first type that has no JSON form
	 */
	static void check(PipeHandlerMethod endpoint, @Nullable String[] parameterNames, boolean[] resolved) {
		check(endpoint, parameterNames, resolved, null);
	}

	/**
	 * Check a handler's parameter and return types; for a handler whose result is streamed, the
	 * type of its values in place of its return type.
	 * @param endpoint the handler method
	 * @param parameterNames the names of its parameters, for messages ({@code null} where unknown)
	 * @param resolved which parameters a resolver serves
	 * @param streamedElement the type of the values it streams, or {@code null} when it answers once
	 * @throws UnsupportedHandlerTypeException for the first type that has no JSON form
	 */
	static void check(PipeHandlerMethod endpoint, @Nullable String[] parameterNames, boolean[] resolved,
			@Nullable Type streamedElement) {
		Method method = endpoint.getMethod();
		Type[] parameterTypes = method.getGenericParameterTypes();
		for (int i = 0; i < parameterTypes.length; i++) {
			if (resolved[i]) {
				continue;
			}
			Problem problem = find(parameterTypes[i], Position.PARAMETER);
			if (problem != null) {
				String name = (parameterNames[i] != null) ? parameterNames[i] : "arg" + i;
				throw problem.exception(endpoint, name, parameterTypes[i]);
			}
		}
		Type returnType = method.getGenericReturnType();
		Problem problem = find((streamedElement != null) ? streamedElement : awaitedType(method, returnType),
				Position.RESULT);
		if (problem != null) {
			throw problem.exception(endpoint, null, returnType);
		}
	}

	/**
	 * The type that is written as the result: the value of a returned {@link CompletionStage}, or
	 * the return type itself.
	 */
	private static Type awaitedType(Method method, Type returnType) {
		if (!CompletionStage.class.isAssignableFrom(method.getReturnType())) {
			return returnType;
		}
		if (returnType instanceof ParameterizedType parameterized
				&& (parameterized.getRawType() == CompletionStage.class
						|| parameterized.getRawType() == CompletableFuture.class)) {
			return parameterized.getActualTypeArguments()[0];
		}
		Class<?> value = ResolvableType.forMethodReturnType(method).as(CompletionStage.class).getGeneric(0).resolve();
		return (value != null) ? value : Object.class;
	}

	private static @Nullable Problem find(Type type, Position position) {
		if (type instanceof Class<?> raw) {
			return findInClass(raw, position);
		}
		if (type instanceof ParameterizedType parameterized) {
			Problem problem = find(parameterized.getRawType(), position);
			return (problem != null) ? problem : findFirst(parameterized.getActualTypeArguments(), position);
		}
		if (type instanceof GenericArrayType array) {
			return find(array.getGenericComponentType(), position);
		}
		if (type instanceof WildcardType wildcard) {
			return findFirst(wildcard.getUpperBounds(), position);
		}
		if (type instanceof TypeVariable<?> variable && position == Position.PARAMETER) {
			return new Problem(variable.getName(), TYPE_VARIABLE_REASON, TYPE_VARIABLE_ACTION);
		}
		return null;
	}

	private static @Nullable Problem findFirst(Type[] types, Position position) {
		for (Type type : types) {
			Problem problem = find(type, position);
			if (problem != null) {
				return problem;
			}
		}
		return null;
	}

	private static @Nullable Problem findInClass(Class<?> type, Position position) {
		if (type.isArray()) {
			return findInClass(type.getComponentType(), position);
		}
		for (Rule rule : RULES) {
			if (rule.matches(type, position)) {
				return new Problem(type.getSimpleName(), rule.reason(), rule.action());
			}
		}
		if (type.isInterface() && type.isAnnotationPresent(FunctionalInterface.class)) {
			return new Problem(type.getSimpleName(), FUNCTIONAL_REASON, FUNCTIONAL_ACTION);
		}
		return null;
	}

	private enum Position {

		PARAMETER, RESULT, ANY

	}

	private record Rule(Position position, String reason, String action, List<Class<?>> types) {

		Rule(Position position, String reason, String action, Class<?>... types) {
			this(position, reason, action, List.of(types));
		}

		boolean matches(Class<?> type, Position where) {
			if (this.position != Position.ANY && this.position != where) {
				return false;
			}
			for (Class<?> unsupported : this.types) {
				if (unsupported.isAssignableFrom(type)) {
					return true;
				}
			}
			return false;
		}

	}

	private record Problem(String typeName, String reason, String action) {

		UnsupportedHandlerTypeException exception(PipeHandlerMethod endpoint, @Nullable String parameterName,
				Type declared) {
			return new UnsupportedHandlerTypeException(endpoint, parameterName, shortName(declared),
					this.typeName + " " + this.reason, this.action);
		}

		private static String shortName(Type type) {
			return type.getTypeName().replaceAll("[a-z0-9_]+\\.", "");
		}

	}

}
