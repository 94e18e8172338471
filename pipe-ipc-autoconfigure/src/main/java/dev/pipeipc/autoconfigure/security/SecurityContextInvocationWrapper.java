package dev.pipeipc.autoconfigure.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeInvocationWrapper;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.transport.PipePeer;

/**
 * Sets the peer's {@link Authentication} in the {@link SecurityContext} for each handler call and
 * clears it afterwards (the handler's thread serves other connections next), so method security
 * such as {@code @PreAuthorize} on {@code @PipeHandler} methods decides with it. A refusal
 * ({@link AccessDeniedException}, {@code AuthorizationDeniedException} included, or an
 * {@link AuthenticationException} when the peer is unknown) is answered with
 * {@link JsonRpcErrorCodes#ACCESS_DENIED} and the message "Access denied" only; the reason is
 * logged at DEBUG on the server.
 * <p>
 * The authentication is converted once per connection and kept in its session's attributes.
 */
public class SecurityContextInvocationWrapper implements PipeInvocationWrapper {

	private static final Log logger = LogFactory.getLog(SecurityContextInvocationWrapper.class);

	private static final String ATTRIBUTE = SecurityContextInvocationWrapper.class.getName() + ".authentication";

	private static final Object UNAUTHENTICATED = new Object();

	private final PipePeerAuthenticationConverter converter;

	private final SecurityContextHolderStrategy strategy;

	/**
	 * Create a wrapper.
	 * @param converter turns a peer into its authentication
	 * @param strategy where the security context lives
	 */
	public SecurityContextInvocationWrapper(PipePeerAuthenticationConverter converter,
			SecurityContextHolderStrategy strategy) {
		this.converter = converter;
		this.strategy = strategy;
	}

	@Override
	public @Nullable Object invoke(PipeSession session, Invocation invocation) throws Throwable {
		SecurityContext context = this.strategy.createEmptyContext();
		context.setAuthentication(authentication(session));
		this.strategy.setContext(context);
		try {
			return invocation.proceed();
		}
		catch (AccessDeniedException | AuthenticationException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Pipe '" + session.serverName() + "' denied a call from "
						+ session.peer().map(PipePeer::describe).orElse("an unknown peer") + ": " + ex.getMessage());
			}
			throw new JsonRpcException(JsonRpcErrorCodes.ACCESS_DENIED, "Access denied");
		}
		finally {
			this.strategy.clearContext();
		}
	}

	private @Nullable Authentication authentication(PipeSession session) {
		Object cached = session.attributes().get(ATTRIBUTE);
		if (cached == null) {
			Authentication converted = session.peer().map(this.converter::convert).orElse(null);
			cached = (converted != null) ? converted : UNAUTHENTICATED;
			session.attributes().put(ATTRIBUTE, cached);
		}
		return (cached instanceof Authentication authentication) ? authentication : null;
	}

}
