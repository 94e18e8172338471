package dev.pipeipc.server.raw;

import java.util.Collection;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pipeipc.codec.FrameError;
import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.ObservedRequest;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.server.PipeProtocol;
import dev.pipeipc.server.PipeServerInstrumentation;
import dev.pipeipc.server.PipeServerRequest;
import dev.pipeipc.server.PipeSession;

/**
 * Raw messages: each message is passed unchanged to the server's single handler method (a
 * {@link RawHandlerMethod}) and the value it returns is sent back as one message.
 * <p>
 * Raw messages have no error envelope: when the handler fails, or a frame cannot be read, the
 * failure is logged and the connection is closed, so the client sees a clean end instead of
 * waiting.
 */
public class RawProtocol implements PipeProtocol {

	private static final Log logger = LogFactory.getLog(RawProtocol.class);

	/** The protocol's name in observations. */
	static final String PROTOCOL = "raw";

	private final String serverId;

	private final String pipeName;

	private final PipeHandlerRegistry registry;

	private volatile Consumer<Throwable> failureListener = (ex) -> {
	};

	private volatile @Nullable RawHandlerMethod handler;

	private final PipeInvocationWrapper invocations;

	/**
	 * Create the protocol for one server.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for messages
	 * @param registry where the handler method is found
	 */
	public RawProtocol(String serverId, String pipeName, PipeHandlerRegistry registry) {
		this(serverId, pipeName, registry, PipeInvocationWrapper.NONE);
	}

	/**
	 * Create the protocol for one server, its handler invoked through a wrapper.
	 * @param serverId the server's id in the registry
	 * @param pipeName the pipe name, for messages
	 * @param registry where the handler method is found
	 * @param invocations runs around every handler invocation
	 */
	public RawProtocol(String serverId, String pipeName, PipeHandlerRegistry registry,
			PipeInvocationWrapper invocations) {
		this.invocations = invocations;
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
		resolve();
	}

	private RawHandlerMethod resolve() {
		Collection<PipeHandlerMethod> endpoints = this.registry.getEndpoints(this.serverId);
		if (endpoints.size() != 1) {
			String found = endpoints.isEmpty() ? "none"
					: endpoints.stream().map(PipeHandlerMethod::describe).collect(Collectors.joining(", "));
			String server = this.serverId.isEmpty() ? "" : " with server = \"" + this.serverId + "\"";
			throw new IllegalStateException("Pipe '" + this.pipeName + "' uses the raw protocol and needs exactly one"
					+ " @PipeHandler method" + server + ", but found " + found + ".");
		}
		RawHandlerMethod resolved = new RawHandlerMethod(endpoints.iterator().next(), this.pipeName);
		this.handler = resolved;
		return resolved;
	}

	@Override
	public void setFailureListener(Consumer<Throwable> listener) {
		this.failureListener = listener;
	}

	@Override
	public SessionHandler open(PipeSession session) {
		return open(session, PipeServerInstrumentation.none(this.pipeName));
	}

	@Override
	public SessionHandler open(PipeSession session, PipeServerInstrumentation instrumentation) {
		RawHandlerMethod current = this.handler;
		return new RawSessionHandler((current != null) ? current : resolve(), session, instrumentation);
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

	/**
	 * The raw handler on one connection.
	 */
	private final class RawSessionHandler implements SessionHandler {

		private final RawHandlerMethod handler;

		private final PipeSession session;

		private final PipeServerInstrumentation instrumentation;

		RawSessionHandler(RawHandlerMethod handler, PipeSession session, PipeServerInstrumentation instrumentation) {
			this.handler = handler;
			this.session = session;
			this.instrumentation = instrumentation;
		}

		@Override
		public void handle(byte[] message, Reply reply) {
			ObservedRequest observed = this.instrumentation.isObserving()
					? this.instrumentation.observer().start(describe()) : ObservedRequest.NONE;
			Object result;
			try (ObservedRequest.Scope scope = observed.openScope()) {
				result = RawProtocol.this.invocations.invoke(this.session,
						() -> this.handler.invoke(message, this.session));
			}
			catch (Throwable ex) {
				fail(ex, reply, observed);
				return;
			}
			if (result instanceof CompletionStage<?> stage) {
				stage.whenComplete((value, ex) -> {
					if (ex != null) {
						fail(ex, reply, observed);
					}
					else {
						send(value, reply, observed);
					}
				});
				return;
			}
			send(result, reply, observed);
		}

		private PipeServerRequest describe() {
			return new PipeServerRequest(this.instrumentation, this.session, PROTOCOL, null, false, null,
					(name) -> null);
		}

		private void send(@Nullable Object value, Reply reply, ObservedRequest observed) {
			byte[] body;
			try {
				body = RawHandlerMethod.toBytes(value);
			}
			catch (IllegalStateException ex) {
				fail(ex, reply, observed);
				return;
			}
			reply.complete(body);
			observed.finish(0, null);
		}

		private void fail(Throwable ex, Reply reply, ObservedRequest observed) {
			logger.error("Pipe '" + RawProtocol.this.pipeName + "' raw handler " + this.handler.describe()
					+ " failed; closing the connection", ex);
			reply.completeAndClose(null);
			observed.finish(ObservedRequest.NO_RESPONSE, ex);
			RawProtocol.this.failureListener.accept(ex);
		}

		@Override
		public void refuse(byte[] message, String reason, Reply reply) {
			if (logger.isDebugEnabled()) {
				logger.debug(reason + "; closing raw connection of pipe '" + RawProtocol.this.pipeName
						+ "' instead of handling its message");
			}
			reply.completeAndClose(null);
		}

	}

}
