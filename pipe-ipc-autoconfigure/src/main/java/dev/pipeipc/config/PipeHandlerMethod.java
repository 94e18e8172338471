package dev.pipeipc.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.springframework.util.ReflectionUtils;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.pipeipc.server.PipeSession;

/**
 * One handler endpoint: a bean method bound to a JSON-RPC method name on one server.
 */
public final class PipeHandlerMethod {

	private final String serverId;

	private final String name;

	private final Object bean;

	private final String beanName;

	private final Method method;

	private final ParameterBinder binder;

	/**
	 * Create a new endpoint.
	 * @param serverId the server the method belongs to ({@value PipeHandlerRegistry#DEFAULT_SERVER}
	 * for the {@code pipe.server} one)
	 * @param name the JSON-RPC method name
	 * @param bean the bean to invoke
	 * @param beanName the bean's name, for messages
	 * @param method the method to invoke, callable on {@code bean}
	 */
	public PipeHandlerMethod(String serverId, String name, Object bean, String beanName, Method method) {
		this.serverId = serverId;
		this.name = name;
		this.bean = bean;
		this.beanName = beanName;
		this.method = method;
		this.binder = new ParameterBinder(this, method);
		ReflectionUtils.makeAccessible(method);
	}

	public String getServerId() {
		return this.serverId;
	}

	public String getName() {
		return this.name;
	}

	public String getBeanName() {
		return this.beanName;
	}

	public Method getMethod() {
		return this.method;
	}

	/**
	 * Bind JSON-RPC params to this method's arguments.
	 * @param params the params member: an array, an object, or {@code null} when absent
	 * @param session the calling session, injected into {@code PipeSession} parameters
	 * @param mapper the mapper to convert values with
	 * @return the arguments for {@link #invoke}
	 * @throws dev.pipeipc.protocol.jsonrpc.JsonRpcException an invalid-params error naming the
	 * parameter
	 */
	public @Nullable Object[] bindArguments(@Nullable JsonNode params, PipeSession session, ObjectMapper mapper) {
		return this.binder.bind(params, session, mapper);
	}


	/**
	 * Invoke the method with already bound arguments.
	 * @param arguments the arguments
	 * @return the return value
	 * @throws Throwable whatever the method throws, unwrapped
	 */
	public @Nullable Object invoke(@Nullable Object[] arguments) throws Throwable {
		try {
			return this.method.invoke(this.bean, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	/**
	 * Describe the endpoint for messages: JSON-RPC name, bean and Java method.
	 * @return a description
	 */
	public String describe() {
		return "'" + this.name + "' (bean '" + this.beanName + "', method "
				+ org.springframework.util.ClassUtils.getShortName(this.method.getDeclaringClass()) + "." + this.method.getName()
				+ ")";
	}

	@Override
	public String toString() {
		return "PipeHandlerMethod " + describe();
	}

}
