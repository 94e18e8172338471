package dev.pipeipc.server.jsonrpc.annotation;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.FakeSession;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.PipeCancellation;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;

/**
 * A request to a handler method of a given bean, on a {@link FakeSession}, never cancelled.
 */
record TestRequest(String method, @Nullable JsonNode id, @Nullable JsonNode params, PipeHandlerMethod handler,
		PipeSession session) implements PipeRequestContext {

	static TestRequest to(Object bean, String beanName, String serverId, String methodName, @Nullable JsonNode id) {
		Method method = ReflectionUtils.findMethod(bean.getClass(), methodName, (Class<?>[]) null);
		if (method == null) {
			throw new IllegalArgumentException("No method " + methodName + " on " + bean.getClass());
		}
		return new TestRequest(methodName, id, null,
				new PipeHandlerMethod(serverId, methodName, bean, beanName, method), new FakeSession(5));
	}

	@Override
	public PipeCancellation cancellation() {
		return new PipeCancellation() {

			@Override
			public boolean isCancelled() {
				return false;
			}

			@Override
			public void onCancel(Runnable callback) {
			}

		};
	}

}
