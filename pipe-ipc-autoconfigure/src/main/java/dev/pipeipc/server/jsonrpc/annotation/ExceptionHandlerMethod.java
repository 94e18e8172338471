package dev.pipeipc.server.jsonrpc.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;
import dev.pipeipc.transport.PipePeer;

/**
 * One {@code @PipeExceptionHandler} method, checked once: what each parameter receives, and that it
 * returns a {@link JsonRpcError}.
 */
final class ExceptionHandlerMethod {

	private final Object bean;

	private final String beanName;

	private final Method method;

	private final Argument[] arguments;

	ExceptionHandlerMethod(Object bean, String beanName, Method method, List<Class<? extends Throwable>> handled) {
		this.bean = bean;
		this.beanName = beanName;
		this.method = method;
		this.arguments = new Argument[method.getParameterCount()];
		for (int i = 0; i < this.arguments.length; i++) {
			this.arguments[i] = argument(new MethodParameter(method, i), handled);
		}
		if (method.getReturnType() != JsonRpcError.class) {
			throw invalid("returns " + method.getReturnType().getSimpleName() + ", but an exception handler answers"
					+ " with a JsonRpcError.", "Return a JsonRpcError (code, message, data), or null to leave the"
							+ " exception to the next handler; throw a JsonRpcException to answer with it.");
		}
		ReflectionUtils.makeAccessible(method);
	}

	private Argument argument(MethodParameter parameter, List<Class<? extends Throwable>> handled) {
		Class<?> type = parameter.getParameterType();
		if (Throwable.class.isAssignableFrom(type)) {
			for (Class<? extends Throwable> exceptionType : handled) {
				if (!type.isAssignableFrom(exceptionType)) {
					throw invalid("takes a " + type.getSimpleName() + " but handles " + exceptionType.getSimpleName()
							+ ", which is not one.", "Declare the exception parameter as a type every handled"
									+ " exception is, such as their common superclass.");
				}
			}
			return Argument.EXCEPTION;
		}
		if (type == PipeSession.class) {
			return Argument.SESSION;
		}
		if (type == PipeRequestContext.class) {
			return Argument.REQUEST;
		}
		if (type == PipePeer.class) {
			return Argument.PEER;
		}
		if (type == Optional.class && parameter.nested().getNestedParameterType() == PipePeer.class) {
			return Argument.OPTIONAL_PEER;
		}
		if (type == PipeHandlerMethod.class) {
			return Argument.HANDLER;
		}
		throw invalid("takes a parameter of type " + type.getSimpleName() + ", which an exception handler is not"
				+ " given.", "Take only the exception, PipeSession, PipeRequestContext, PipePeer (or"
						+ " Optional<PipePeer>) and PipeHandlerMethod.");
	}

	private InvalidPipeExceptionHandlerException invalid(String problem, String action) {
		return new InvalidPipeExceptionHandlerException(describe() + " " + problem, action);
	}

	String describeMethod() {
		return this.method.getName();
	}

	String describe() {
		return "@PipeExceptionHandler method " + ClassUtils.getShortName(this.method.getDeclaringClass()) + "."
				+ this.method.getName() + " (bean '" + this.beanName + "')";
	}

	/**
	 * Answer an exception.
	 * @param ex the exception
	 * @param matched the exception or the cause whose type this method handles
	 * @param request the failed request
	 * @return the error, or {@code null} when the method leaves it to the next handler
	 */
	@Nullable JsonRpcError invoke(Throwable ex, Throwable matched, PipeRequestContext request) {
		@Nullable Object[] values = new Object[this.arguments.length];
		for (int i = 0; i < values.length; i++) {
			values[i] = switch (this.arguments[i]) {
				case EXCEPTION -> this.method.getParameterTypes()[i].isInstance(matched) ? matched : ex;
				case SESSION -> request.session();
				case REQUEST -> request;
				case PEER -> request.peer().orElse(null);
				case OPTIONAL_PEER -> request.peer();
				case HANDLER -> request.handler();
			};
		}
		try {
			return (JsonRpcError) this.method.invoke(this.bean, values);
		}
		catch (InvocationTargetException failure) {
			Throwable target = failure.getTargetException();
			if (target instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (target instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(describe() + " failed", target);
		}
		catch (IllegalAccessException failure) {
			throw new IllegalStateException(describe() + " cannot be called", failure);
		}
	}

	@Override
	public String toString() {
		return describe();
	}

	private enum Argument {

		EXCEPTION, SESSION, REQUEST, PEER, OPTIONAL_PEER, HANDLER

	}

}
