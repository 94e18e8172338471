package dev.pipeipc.autoconfigure;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

import dev.pipeipc.transport.PipeAddresses;

/**
 * Initializes, on a background thread while the application context is being built, what
 * opening the first pipe would otherwise initialize on the main thread: the JDK's selector and
 * Unix socket support and the server's own classes. JNA, which the I/O threads use on Linux to
 * stop gracefully, is left alone: the transport looks for it when the first connection arrives,
 * after startup. An application whose configuration starts no server (only clients) gets only the
 * auto-configuration's and the properties' classes loaded ahead. The same idea as Spring Boot's
 * {@code BackgroundPreinitializer}, and switched off the same way: with the system property
 * {@code spring.backgroundpreinitializer.ignore=true}, or on a single processor, where a second
 * thread would only compete with the main one.
 */
class PipeBackgroundPreinitializer implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

	private static final AtomicBoolean started = new AtomicBoolean();

	private static final String SERVERS_PREFIX = "pipe.servers";

	/** What Spring's conversion to {@code boolean} reads as {@code false}. */
	private static final Set<String> OFF_VALUES = Set.of("false", "off", "no", "0");

	/**
	 * Classes Spring reads while it parses the auto-configuration and creates its beans (their
	 * bean methods name them), and the handler scan's annotations, which the main thread would
	 * otherwise load one by one. Only loaded here, not initialized; loaded first, since the main
	 * thread comes to them soonest.
	 */
	static final String[] CONFIGURATION_CLASSES = { "dev.pipeipc.annotation.PipeHandler",
			"dev.pipeipc.autoconfigure.OnWindowsCondition", "dev.pipeipc.autoconfigure.PipePropertiesRuntimeHints",
			"dev.pipeipc.autoconfigure.PipeAutoConfiguration", "dev.pipeipc.autoconfigure.PipeServerFailureExit",
			"dev.pipeipc.autoconfigure.PipeServerFactory",
			"dev.pipeipc.annotation.PipeHandlerAnnotationBeanPostProcessor",
			"dev.pipeipc.autoconfigure.ConfiguredPipeBeansRegistrar",
			"dev.pipeipc.autoconfigure.PipeHandlerLazyInitializationExcludeFilter",
			"dev.pipeipc.autoconfigure.ConfiguredPipeServers", "dev.pipeipc.autoconfigure.ConfiguredPipeBeans",
			"dev.pipeipc.autoconfigure.PipeServerLifecycle", "dev.pipeipc.autoconfigure.OpenRpcDiscoveryRegistrar",
			"dev.pipeipc.autoconfigure.PipeHandlerServerCheck",
			"dev.pipeipc.autoconfigure.PipeStreamProperties",
			"dev.pipeipc.autoconfigure.PipePropertiesBinder$RecordingBindHandler",
			"dev.pipeipc.autoconfigure.InvalidPipePropertiesException",
			"dev.pipeipc.autoconfigure.ConfiguredPipeServers$Configured",
			"dev.pipeipc.config.DuplicatePipeHandlerException", "dev.pipeipc.annotation.PipeParam",
			"dev.pipeipc.annotation.PipeRequestId", "dev.pipeipc.annotation.PipeParams",
			"dev.pipeipc.annotation.PipeStream", "dev.pipeipc.annotation.PipeControllerAdvice",
			"dev.pipeipc.annotation.PipeExceptionHandler", "dev.pipeipc.transport.windows.NamedPipeApi",
			"dev.pipeipc.server.PipeRequestObserver", "dev.pipeipc.server.jsonrpc.PipeExceptionResolver",
			"dev.pipeipc.server.jsonrpc.PipeHandlerValidator", "dev.pipeipc.transport.PipePeerAuthorizer",
			"dev.pipeipc.transport.PipePeer", "dev.pipeipc.server.PipeInvocationWrapper",
			"dev.pipeipc.server.PipeInvocationWrapper$Invocation", "dev.pipeipc.server.PipeServerRequest",
			"dev.pipeipc.server.ObservedRequest",
			"dev.pipeipc.server.jsonrpc.PipeResultStreaming", "dev.pipeipc.server.jsonrpc.PipeResultStreaming$Session",
			"dev.pipeipc.server.jsonrpc.annotation.RequestIdArgumentResolver",
			"dev.pipeipc.server.jsonrpc.annotation.ParamsArgumentResolver",
			"dev.pipeipc.server.jsonrpc.annotation.PipeExceptionHandlerResolver",
			"dev.pipeipc.server.jsonrpc.annotation.PipeControllerAdviceBean",
			"dev.pipeipc.server.jsonrpc.ProgressArgumentResolver", "dev.pipeipc.jsonrpc.PipeProgress",
			"dev.pipeipc.jsonrpc.LongStringWriter", "dev.pipeipc.server.jsonrpc.stream.AsyncEnumerableStreaming",
			"dev.pipeipc.server.jsonrpc.stream.StreamSettings", "dev.pipeipc.server.jsonrpc.stream.StreamSources",
			"dev.pipeipc.server.jsonrpc.stream.ItemSource", "dev.pipeipc.server.jsonrpc.discovery.OpenRpcDiscovery",
			"dev.pipeipc.server.jsonrpc.discovery.OpenRpcDiscovery$Info",
			"dev.pipeipc.server.jsonrpc.discovery.OpenRpcDocumentGenerator", "dev.pipeipc.codec.FrameError$Kind",
			"dev.pipeipc.transport.PipeDirectoryTrustException", "dev.pipeipc.transport.unix.CurrentUser$Ids",
			"dev.pipeipc.transport.unix.DeferredSocketControl" };

	/**
	 * The JDK's classes that opening a Unix socket server initializes, beyond those that opening a
	 * channel does: its network support (addresses and extended socket options, which binding
	 * initializes), the current user's ids, and the common fork-join pool that completing futures
	 * names. Initialized here: their static initializers load native libraries, which is the slow
	 * part.
	 */
	static final String[] JDK_CLASSES = { "sun.nio.ch.Net", "jdk.net.ExtendedSocketOptions",
			"com.sun.security.auth.module.UnixSystem", "java.util.concurrent.ForkJoinPool",
			"java.util.concurrent.CompletableFuture" };

	/**
	 * Classes a JSON-RPC pipe server loads as it is built, opens and serves its first connection;
	 * the main thread would otherwise load them one by one while it creates the servers.
	 */
	static final String[] SERVER_CLASSES = { "dev.pipeipc.server.PipeServer",
			"dev.pipeipc.server.ServerConnection", "dev.pipeipc.server.ElasticThreadPool",
			"dev.pipeipc.transport.unix.UnixSocketTransport", "dev.pipeipc.transport.unix.UnixSocketListener",
			"dev.pipeipc.transport.unix.SelectorLoop", "dev.pipeipc.transport.unix.HandOverWatchdog",
			"dev.pipeipc.transport.unix.UnixSocketConnection", "dev.pipeipc.transport.unix.SocketFile",
			"dev.pipeipc.server.jsonrpc.JsonRpcProtocol", "dev.pipeipc.codec.ContentLengthFrameDecoder",
			"dev.pipeipc.server.PipeServerBuilder", "dev.pipeipc.server.PipeServerInstrumentation",
			"dev.pipeipc.server.ServerWorkers", "dev.pipeipc.server.HeldWorkerWatchdog", "dev.pipeipc.server.HeldWorkers",
			"dev.pipeipc.codec.Framing", "dev.pipeipc.codec.ContentLengthFrameEncoder",
			"dev.pipeipc.server.jsonrpc.JsonRpcDispatcher", "dev.pipeipc.server.jsonrpc.JsonRpcReader",
			"dev.pipeipc.server.jsonrpc.JsonRpcWriter", "dev.pipeipc.server.jsonrpc.JsonRpcErrorReplies",
			"dev.pipeipc.server.jsonrpc.ParameterBinder", "dev.pipeipc.server.jsonrpc.HandlerArgumentResolvers",
			"dev.pipeipc.server.jsonrpc.ExceptionResolvers", "dev.pipeipc.server.jsonrpc.HandlerTypeCheck",
			"dev.pipeipc.server.jsonrpc.NullableParameters", "dev.pipeipc.server.jsonrpc.CancelNotifications",
			"dev.pipeipc.server.jsonrpc.annotation.ExceptionHandlerMethods",
			"dev.pipeipc.transport.unix.InboundReader", "dev.pipeipc.transport.unix.ConnectionSweeper",
			"dev.pipeipc.transport.unix.InlineRunner", "dev.pipeipc.transport.unix.HandOverCheck",
			"dev.pipeipc.transport.LiveConnections" };

	/**
	 * Classes binding {@code pipe.*} loads: the properties and their binder, validator and the
	 * types their fields name. The main thread binds them early in the refresh, whether or not a
	 * server starts, so they come right after the configuration's. Only loaded here, not
	 * initialized.
	 */
	static final String[] PROPERTIES_CLASSES = { "dev.pipeipc.autoconfigure.PipePropertiesBinder",
			"dev.pipeipc.autoconfigure.PipeProperties", "dev.pipeipc.autoconfigure.PipeServerProperties",
			"dev.pipeipc.autoconfigure.PipeServerProperties$Protocol",
			"dev.pipeipc.autoconfigure.PipeServerProperties$OnFailure",
			"dev.pipeipc.autoconfigure.PipeServerProperties$Windows",
			"dev.pipeipc.autoconfigure.PipeServerProperties$Access",
			"dev.pipeipc.autoconfigure.PipeServerProperties$Discovery", "dev.pipeipc.autoconfigure.PipeJsonProperties",
			"dev.pipeipc.autoconfigure.PipeClientProperties", "dev.pipeipc.autoconfigure.PipePropertiesValidator",
			"dev.pipeipc.autoconfigure.DeprecatedPipePropertyNames", "dev.pipeipc.jsonrpc.JsonReadLimits",
			"dev.pipeipc.codec.Framing" };

	/**
	 * Further classes the main thread would load one by one while it finds the handlers and builds
	 * the servers. Only loaded here, not initialized, so that no class's static initializer runs on
	 * two threads at once.
	 */
	static final String[] CONTEXT_CLASSES = { "dev.pipeipc.config.PipeHandlerRegistry", "dev.pipeipc.config.PipeHandlerMethod",
			"dev.pipeipc.server.PipeServerSettings", "dev.pipeipc.server.MemoryBudget",
			"dev.pipeipc.server.PipeServerStatistics", "dev.pipeipc.server.ServerFailures",
			"dev.pipeipc.server.jsonrpc.JsonRpcExtensions", "dev.pipeipc.server.jsonrpc.JsonRpcDispatcher$PreparedHandler",
			"dev.pipeipc.server.jsonrpc.HandlerParameterNames", "dev.pipeipc.server.jsonrpc.ParameterBinder$Parameter",
			"dev.pipeipc.server.jsonrpc.RequestTimeouts", "dev.pipeipc.jsonrpc.JsonTreeReader",
			"dev.pipeipc.server.jsonrpc.SessionArgumentResolver", "dev.pipeipc.server.jsonrpc.PeerArgumentResolver",
			"dev.pipeipc.server.jsonrpc.CancellationArgumentResolver",
			"dev.pipeipc.server.jsonrpc.RequestContextArgumentResolver",
			"dev.pipeipc.server.jsonrpc.JsonRpcResponseStatus", "dev.pipeipc.server.ElasticThreadPool$HandOffQueue",
			"dev.pipeipc.server.WorkerThreads", "dev.pipeipc.server.HeldWorkers$ThreadProbe",
			"dev.pipeipc.server.PipeServer$Connections", "dev.pipeipc.transport.PipeListenOptions",
			"dev.pipeipc.transport.PeerGate", "dev.pipeipc.transport.unix.SocketFile$ChannelOpener",
			"dev.pipeipc.transport.unix.SocketDirectory", "dev.pipeipc.transport.unix.SocketDirectory$Facts",
			"dev.pipeipc.transport.unix.IoFailures", "dev.pipeipc.transport.unix.UnixSocketSettings",
			"dev.pipeipc.transport.unix.CurrentUser", "dev.pipeipc.server.raw.RawProtocol",
			"dev.pipeipc.server.raw.RawHandlerMethod" };

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (Boolean.getBoolean(IGNORE_PROPERTY) || Runtime.getRuntime().availableProcessors() <= 1
				|| !started.compareAndSet(false, true)) {
			return;
		}
		boolean servers = event == null || mayStartServer(event.getEnvironment());
		Thread thread = new Thread(() -> preinitialize(servers), "pipe-background-preinit");
		thread.setDaemon(true);
		thread.start();
	}

	/** A JDK class that may be missing or closed on another platform or JDK: skipped then. */
	private static void initialize(String name) {
		try {
			Class.forName(name, true, ClassLoader.getPlatformClassLoader());
		}
		catch (ClassNotFoundException | LinkageError | RuntimeException ex) {
			// Not on this JDK: nothing to do ahead.
		}
	}

	/**
	 * Whether the configuration lets a server start: not when {@code pipe.server.enabled} is
	 * {@code false} and every {@code pipe.servers.<id>} entry is absent or switched off with its
	 * {@code enabled} property, as in an application that only calls other pipes. Preparing a
	 * server's classes and the JDK's socket support there would cost as much CPU as it saves
	 * elsewhere, for nothing. An entry set through an environment variable counts as enabled: its
	 * id cannot be told from the variable's name.
	 * @param environment the prepared environment
	 * @return {@code true} unless no server can start
	 */
	static boolean mayStartServer(ConfigurableEnvironment environment) {
		// Read as the server bean's @ConditionalOnBooleanProperty reads it: any value but "true"
		// leaves the default server out.
		String enabled = property(environment, "pipe.server.enabled");
		if (enabled == null || enabled.equalsIgnoreCase("true")) {
			return true;
		}
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (name.startsWith("PIPE_SERVERS")
							|| (name.startsWith(SERVERS_PREFIX) && !isSwitchedOff(environment, name))) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * Whether the {@code pipe.servers.<id>} entry a property belongs to has {@code enabled} set to
	 * a value the binder reads as {@code false}.
	 */
	private static boolean isSwitchedOff(ConfigurableEnvironment environment, String name) {
		int start = SERVERS_PREFIX.length();
		if (name.length() <= start + 1) {
			return false;
		}
		char separator = name.charAt(start);
		int end = (separator == '[') ? name.indexOf(']', start) : (separator == '.') ? name.indexOf('.', start + 1) : -1;
		if (end < 0) {
			return false;
		}
		// Spring Boot's attached configuration property source also finds the entry's other forms.
		String value = property(environment, SERVERS_PREFIX + "." + name.substring(start + 1, end) + ".enabled");
		return value != null && OFF_VALUES.contains(value.trim().toLowerCase(Locale.ROOT));
	}

	/**
	 * A property's value, or {@code null} when it is not set or cannot be resolved (a placeholder
	 * without a value): a guess for a head start must not fail the start; the binder reports such
	 * a value where it binds it.
	 */
	private static @Nullable String property(ConfigurableEnvironment environment, String name) {
		try {
			return environment.getProperty(name);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static void preinitialize(boolean servers) {
		ClassLoader classLoader = PipeBackgroundPreinitializer.class.getClassLoader();
		try {
			for (String name : CONFIGURATION_CLASSES) {
				Class.forName(name, false, classLoader);
			}
			for (String name : PROPERTIES_CLASSES) {
				Class.forName(name, false, classLoader);
			}
			if (!servers) {
				return;
			}
			for (String name : SERVER_CLASSES) {
				Class.forName(name, true, classLoader);
			}
			for (String name : CONTEXT_CLASSES) {
				Class.forName(name, false, classLoader);
			}
			Selector.open().close();
			if (!PipeAddresses.isWindows()) {
				ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
				for (String name : JDK_CLASSES) {
					initialize(name);
				}
			}
		}
		catch (ClassNotFoundException | IOException | LinkageError | RuntimeException ex) {
			// Only a head start: whatever fails here fails again, and is reported, where it is used.
		}
	}

}
