package dev.pipeipc.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;

import org.springframework.util.ReflectionUtils;
import org.jspecify.annotations.Nullable;

/**
 * One handler endpoint: a bean method bound to a method name on one server. Protocols decide how
 * a message becomes the method's arguments; the endpoint only knows what to invoke.
 */
public final class PipeHandlerMethod {

	private final String serverId;

	private final String name;

	private final Object bean;

	private final String beanName;

	private final Method method;

	private final @Nullable String[] declaredParameterNames;

	private final @Nullable Duration timeout;

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
		this(serverId, name, bean, beanName, method, new String[method.getParameterCount()]);
	}

	/**
	 * Create a new endpoint whose parameters may have names given in the code, which protocols
	 * that bind by name use before the names compiled into the class.
	 * @param serverId the server the method belongs to ({@value PipeHandlerRegistry#DEFAULT_SERVER}
	 * for the {@code pipe.server} one)
	 * @param name the JSON-RPC method name
	 * @param bean the bean to invoke
	 * @param beanName the bean's name, for messages
	 * @param method the method to invoke, callable on {@code bean}
	 * @param declaredParameterNames one entry per parameter of {@code method}: the name given in the
	 * code, or {@code null} where none is given
	 * @throws IllegalArgumentException if there is not one entry per parameter
	 */
	public PipeHandlerMethod(String serverId, String name, Object bean, String beanName, Method method,
			@Nullable String[] declaredParameterNames) {
		this(serverId, name, bean, beanName, method, declaredParameterNames, null);
	}

	/**
	 * Create a new endpoint with a timeout of its own.
	 * @param serverId the server the method belongs to ({@value PipeHandlerRegistry#DEFAULT_SERVER}
	 * for the {@code pipe.server} one)
	 * @param name the JSON-RPC method name
	 * @param bean the bean to invoke
	 * @param beanName the bean's name, for messages
	 * @param method the method to invoke, callable on {@code bean}
	 * @param declaredParameterNames one entry per parameter of {@code method}: the name given in the
	 * code, or {@code null} where none is given
	 * @param timeout how long a request may run before it is answered with a timeout error and
	 * its handler interrupted, or {@code null} for the server's request timeout
	 * @throws IllegalArgumentException if there is not one entry per parameter, or the timeout is
	 * not positive
	 */
	public PipeHandlerMethod(String serverId, String name, Object bean, String beanName, Method method,
			@Nullable String[] declaredParameterNames, @Nullable Duration timeout) {
		if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
			throw new IllegalArgumentException("The timeout of handler method " + method.toGenericString()
					+ " must be positive, but was " + timeout);
		}
		this.timeout = timeout;
		if (declaredParameterNames.length != method.getParameterCount()) {
			throw new IllegalArgumentException("Method " + method.toGenericString() + " has "
					+ method.getParameterCount() + " parameters but " + declaredParameterNames.length
					+ " declared parameter names were given");
		}
		this.serverId = serverId;
		this.name = name;
		this.bean = bean;
		this.beanName = beanName;
		this.method = method;
		this.declaredParameterNames = declaredParameterNames.clone();
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * The handler's own request timeout.
	 * @return the timeout, or {@code null} to use the server's
	 */
	public @Nullable Duration getTimeout() {
		return this.timeout;
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

	/**
	 * The bean whose method this is, for what else it declares about its handlers (such as
	 * exception handlers).
	 * @return the bean
	 */
	public Object getBean() {
		return this.bean;
	}

	public Method getMethod() {
		return this.method;
	}

	/**
	 * The name the code gives a parameter (with {@code @PipeParam}, for example), if any.
	 * @param index the parameter's index
	 * @return the declared name, or {@code null} when the code gives none
	 */
	public @Nullable String getDeclaredParameterName(int index) {
		return this.declaredParameterNames[index];
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
