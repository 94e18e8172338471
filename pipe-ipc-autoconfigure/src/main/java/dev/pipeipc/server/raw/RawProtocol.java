package dev.pipeipc.server.raw;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.codec.FrameError;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.PipeSession;

/**
 * Raw messages: each message is passed unchanged to the server's single handler method and the
 * value it returns is sent back as one message.
 * <p>
 * The handler takes the message as {@code byte[]}, {@link String} (UTF-8) or {@link ByteBuffer},
 * optionally with a {@link PipeSession}, and returns one of those types, {@code void} (no reply),
 * or a {@link CompletionStage} of one. Raw messages have no error envelope: when the handler fails,
 * or a frame cannot be read, the failure is logged and the connection is closed, so the client sees
 * a clean end instead of waiting.
 */
public class RawProtocol implements PipeProtocol {

	private static final Log logger = LogFactory.getLog(RawProtocol.class);

	private static final Set<Class<?>> MESSAGE_TYPES = Set.of(byte[].class, String.class, ByteBuffer.class);

	private final String serverId;

	private final String pipeName;

	private final PipeHandlerRegistry registry;

	private volatile @Nullable Binding binding;

	/**
	 * Create the protocol for one server.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for messages
	 * @param registry where the handler method is found
	 */
	public RawProtocol(String serverId, String pipeName, PipeHandlerRegistry registry) {
		this.serverId = serverId;
		this.pipeName = pipeName;
		this.registry = registry;
	}

	/**
	 * Resolve and check the raw handler: exactly one method, with supported parameter and return
	 * types.
	 * @throws IllegalStateException naming the pipe and the methods found, if there is not exactly
	 * one suitable handler
	 */
	@Override
	public void start() {
		Collection<PipeHandlerMethod> endpoints = this.registry.getEndpoints(this.serverId);
		if (endpoints.size() != 1) {
			String found = endpoints.isEmpty() ? "none"
					: endpoints.stream().map(PipeHandlerMethod::describe).collect(Collectors.joining(", "));
			throw new IllegalStateException("Pipe '" + this.pipeName + "' uses the raw protocol and needs exactly one"
					+ " @PipeHandler method" + serverClause() + ", but found " + found + ".");
		}
		this.binding = new Binding(endpoints.iterator().next(), this.pipeName);
	}

	private String serverClause() {
		return this.serverId.isEmpty() ? "" : " with server = \"" + this.serverId + "\"";
	}

	@Override
	public void handle(byte[] message, PipeSession session, Reply reply) {
		Binding current = this.binding;
		if (current == null) {
			start();
			current = Objects.requireNonNull(this.binding,
					() -> "Pipe '" + this.pipeName + "' has no raw handler bound after starting its protocol.");
		}
		Binding handler = current;
		Object result;
		try {
			result = handler.endpoint.invoke(handler.arguments(message, session));
		}
		catch (Throwable ex) {
			fail(handler, ex, reply);
			return;
		}
		if (result instanceof CompletionStage<?> stage) {
			stage.whenComplete((value, ex) -> {
				if (ex != null) {
					fail(handler, ex, reply);
				}
				else {
					reply.complete(toBytes(value));
				}
			});
			return;
		}
		reply.complete(toBytes(result));
	}

	private void fail(Binding handler, Throwable ex, Reply reply) {
		logger.error("Pipe '" + this.pipeName + "' raw handler " + handler.endpoint.describe()
				+ " failed; closing the connection", ex);
		reply.completeAndClose(null);
	}

	@Override
	public void refuse(byte[] message, String reason, Reply reply) {
		logger.debug(reason + "; closing raw connection " + "of pipe '" + this.pipeName
				+ "' instead of handling its message");
		reply.completeAndClose(null);
	}

	@Override
	public boolean reportsErrors() {
		return false;
	}

	@Override
	public byte @Nullable [] frameErrorReply(FrameError error) {
		return null;
	}

	@Override
	public byte @Nullable [] refusalReply(String reason) {
		return null;
	}

	private static byte @Nullable [] toBytes(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		if (value instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		if (value instanceof ByteBuffer buffer) {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.duplicate().get(bytes);
			return bytes;
		}
		throw new IllegalStateException("Raw handler returned a " + value.getClass().getName()
				+ "; return byte[], String, ByteBuffer or void");
	}

	/**
	 * The checked handler method and how to build its arguments.
	 */
	private static final class Binding {

		final PipeHandlerMethod endpoint;

		private final Class<?>[] parameterTypes;

		Binding(PipeHandlerMethod endpoint, String pipeName) {
			this.endpoint = endpoint;
			Method method = endpoint.getMethod();
			this.parameterTypes = method.getParameterTypes();
			int messages = 0;
			for (Class<?> type : this.parameterTypes) {
				if (MESSAGE_TYPES.contains(type)) {
					messages++;
				}
				else if (!PipeSession.class.isAssignableFrom(type)) {
					throw unsupported(endpoint, pipeName, "parameter type " + type.getSimpleName());
				}
			}
			if (messages != 1) {
				throw unsupported(endpoint, pipeName, messages + " message parameters");
			}
			if (!supportedReturnType(method.getGenericReturnType())) {
				throw unsupported(endpoint, pipeName, "return type " + method.getGenericReturnType().getTypeName());
			}
		}

		private static boolean supportedReturnType(Type type) {
			if (type == void.class || (type instanceof Class<?> raw && MESSAGE_TYPES.contains(raw))) {
				return true;
			}
			if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
					&& CompletionStage.class.isAssignableFrom(raw)) {
				Type element = parameterized.getActualTypeArguments()[0];
				return element == Void.class || (element instanceof Class<?> value && MESSAGE_TYPES.contains(value));
			}
			return false;
		}

		private static IllegalStateException unsupported(PipeHandlerMethod endpoint, String pipeName, String what) {
			return new IllegalStateException("Raw handler " + endpoint.describe() + " of pipe '" + pipeName
					+ "' has " + what + ". A raw handler takes one byte[], String or ByteBuffer (and optionally a"
					+ " PipeSession) and returns byte[], String, ByteBuffer, void, or a CompletionStage of one.");
		}

		Object[] arguments(byte[] message, PipeSession session) {
			Object[] arguments = new Object[this.parameterTypes.length];
			for (int i = 0; i < arguments.length; i++) {
				Class<?> type = this.parameterTypes[i];
				if (type == byte[].class) {
					arguments[i] = message;
				}
				else if (type == String.class) {
					arguments[i] = new String(message, StandardCharsets.UTF_8);
				}
				else if (type == ByteBuffer.class) {
					arguments[i] = ByteBuffer.wrap(message).asReadOnlyBuffer();
				}
				else {
					arguments[i] = session;
				}
			}
			return arguments;
		}

	}

}
