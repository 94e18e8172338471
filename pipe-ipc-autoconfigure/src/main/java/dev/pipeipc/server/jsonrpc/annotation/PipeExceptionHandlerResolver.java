package dev.pipeipc.server.jsonrpc.annotation;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ConcurrentReferenceHashMap;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.jsonrpc.JsonRpcError;
import dev.pipeipc.server.jsonrpc.PipeExceptionResolver;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;

/**
 * Answers handler exceptions with {@code @PipeExceptionHandler} methods: those of the failing
 * handler's own bean first, then those of each {@code @PipeControllerAdvice} bean that applies to
 * it, in the advice beans' order. Within one bean the closest exception type wins. The advice beans
 * are looked up once, when the first server starts, so they can be ordinary beans of the context.
 */
public final class PipeExceptionHandlerResolver implements PipeExceptionResolver {

	private final Supplier<List<PipeControllerAdviceBean>> adviceLookup;

	private volatile @Nullable List<PipeControllerAdviceBean> advice;

	private final Map<Object, ExceptionHandlerMethods> handlerBeans = new ConcurrentReferenceHashMap<>(16,
			ConcurrentReferenceHashMap.ReferenceType.WEAK);

	/**
	 * Create a resolver.
	 * @param adviceLookup finds the advice beans, in order; called once
	 */
	public PipeExceptionHandlerResolver(Supplier<List<PipeControllerAdviceBean>> adviceLookup) {
		this.adviceLookup = adviceLookup;
	}

	/**
	 * Find the exception handlers of the handler's bean and of the advice beans, so that an ambiguous
	 * or unusable one fails startup.
	 * @throws InvalidPipeExceptionHandlerException when one cannot be used
	 */
	@Override
	public void prepare(PipeHandlerMethod handler) {
		advice();
		methodsOf(handler);
	}

	@Override
	public @Nullable JsonRpcError resolveException(Throwable ex, PipeRequestContext request) {
		PipeHandlerMethod handler = request.handler();
		JsonRpcError error = answer(methodsOf(handler), ex, request);
		if (error != null) {
			return error;
		}
		for (PipeControllerAdviceBean candidate : advice()) {
			if (candidate.appliesTo(handler)) {
				error = answer(candidate.methods(), ex, request);
				if (error != null) {
					return error;
				}
			}
		}
		return null;
	}

	private static @Nullable JsonRpcError answer(ExceptionHandlerMethods methods, Throwable ex,
			PipeRequestContext request) {
		ExceptionHandlerMethods.Match match = methods.find(ex);
		if (match == null) {
			return null;
		}
		return match.method().invoke(ex, match.matched(), request);
	}

	private ExceptionHandlerMethods methodsOf(PipeHandlerMethod handler) {
		Object bean = handler.getBean();
		ExceptionHandlerMethods methods = this.handlerBeans.get(bean);
		if (methods == null) {
			methods = ExceptionHandlerMethods.of(bean, handler.getBeanName());
			this.handlerBeans.put(bean, methods);
		}
		return methods;
	}

	private List<PipeControllerAdviceBean> advice() {
		List<PipeControllerAdviceBean> found = this.advice;
		if (found == null) {
			synchronized (this) {
				found = this.advice;
				if (found == null) {
					found = List.copyOf(this.adviceLookup.get());
					this.advice = found;
				}
			}
		}
		return found;
	}

	@Override
	public String toString() {
		return "@PipeExceptionHandler methods";
	}

}
