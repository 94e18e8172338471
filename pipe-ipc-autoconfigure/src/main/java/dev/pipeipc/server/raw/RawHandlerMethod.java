package dev.pipeipc.server.raw;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.PipeSession;

/**
 * The raw handler method of a pipe, checked once when the server starts: it takes one
 * {@code byte[]}, {@link String} (UTF-8) or {@link ByteBuffer} message (and optionally a
 * {@link PipeSession}) and returns one of those types, {@code void}, or a
 * {@link java.util.concurrent.CompletionStage CompletionStage} of one. Converts each message to its
 * arguments and its return value back to bytes.
 */
final class RawHandlerMethod {

	private static final Set<Class<?>> MESSAGE_TYPES = Set.of(byte[].class, String.class, ByteBuffer.class);

	private final PipeHandlerMethod endpoint;

	private final Class<?>[] parameterTypes;

	/**
	 * Check a handler method.
	 * @param endpoint the method
	 * @param pipeName the pipe name, for messages
	 * @throws IllegalStateException naming the method, the pipe and what is unsupported
	 */
	RawHandlerMethod(PipeHandlerMethod endpoint, String pipeName) {
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
				&& java.util.concurrent.CompletionStage.class.isAssignableFrom(raw)) {
			Type element = parameterized.getActualTypeArguments()[0];
			return element == Void.class || (element instanceof Class<?> value && MESSAGE_TYPES.contains(value));
		}
		return false;
	}

	private static IllegalStateException unsupported(PipeHandlerMethod endpoint, String pipeName, String what) {
		return new IllegalStateException("Raw handler " + endpoint.describe() + " of pipe '" + pipeName + "' has "
				+ what + ". A raw handler takes one byte[], String or ByteBuffer (and optionally a"
				+ " PipeSession) and returns byte[], String, ByteBuffer, void, or a CompletionStage of one.");
	}

	String describe() {
		return this.endpoint.describe();
	}

	/**
	 * Invoke the method with a message.
	 * @param message the message body
	 * @param session the connection it came on
	 * @return what the method returned
	 * @throws Throwable what the method threw
	 */
	@Nullable Object invoke(byte[] message, PipeSession session) throws Throwable {
		return this.endpoint.invoke(arguments(message, session));
	}

	private Object[] arguments(byte[] message, PipeSession session) {
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

	/**
	 * The reply to send for a value the method returned.
	 * @param value the value, or {@code null} for none
	 * @return the reply body, or {@code null} for no reply
	 */
	static byte @Nullable [] toBytes(@Nullable Object value) {
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

}
