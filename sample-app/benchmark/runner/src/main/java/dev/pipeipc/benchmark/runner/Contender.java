package dev.pipeipc.benchmark.runner;

/**
 * One server and protocol under test, and how to open a client connection to it.
 * @param id short name, as {@code --only} takes it
 * @param title column heading in the report
 * @param server the process serving it (two contenders may share one)
 * @param connections opens client connections
 * @param serverOnly whether connection setup and idle connections are measured too: not for the
 * contenders that drive an already measured server through a client library, whose connections
 * are the library's to pool
 */
record Contender(String id, String title, ServerProcess server, EchoConnection.Factory connections,
		boolean serverOnly) {

	Contender(String id, String title, ServerProcess server, EchoConnection.Factory connections) {
		this(id, title, server, connections, true);
	}

	/** The floor with selector threads instead of a thread per connection. */
	static final String FLOOR_SELECTOR = "floor-selector";

	/** pipe-ipc JSON-RPC called through {@code PipeClient}. */
	static final String PIPE_CLIENT = "pipe-ipc-client";

	/** pipe-ipc JSON-RPC called through a {@code @PipeExchange} proxy over {@code PipeClient}. */
	static final String PIPE_EXCHANGE = "pipe-ipc-exchange";

	/** Spring MVC called through {@code RestClient}. */
	static final String MVC_REST_CLIENT = "mvc-restclient";

	static final String FLOOR = "floor";

	static final String PIPE = "pipe-ipc";

	static final String PIPE_RAW = "pipe-ipc-raw";

	/** pipe-ipc JSON-RPC with Spring Boot's actuator: observations into the default meter registry, no tracer. */
	static final String PIPE_OBSERVED = "pipe-ipc-observed";

	/** The same application as {@link #PIPE_OBSERVED} with {@code management.observations.enable.pipe=false}. */
	static final String PIPE_OBSERVED_OFF = "pipe-ipc-observed-off";

	static final String MVC = "mvc";

	static final String GRPC = "grpc";

}
