package dev.pipeipc.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of pipe requests, and every key they carry, in one place. Key names follow
 * OpenTelemetry's semantic conventions for RPC where one fits; a key whose value is missing is
 * {@value #NONE}, so every timer has the same tags.
 */
public enum PipeObservationDocumentation implements ObservationDocumentation {

	/**
	 * Each request a pipe server handles, from the moment it is read to the moment its response
	 * is handed to the connection.
	 */
	SERVER {

		@Override
		public String getName() {
			return SERVER_NAME;
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPipeServerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	},

	/**
	 * Each call or notification a {@link dev.pipeipc.client.PipeClient} sends, from the moment it
	 * is written to the moment its answer arrives (a notification: until it is written).
	 */
	CLIENT {

		@Override
		public String getName() {
			return CLIENT_NAME;
		}

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPipeClientObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.REQUEST_ID };
		}

	};

	/** Name of the server observation; its prefix {@code pipe} is what {@code management.observations.enable.pipe} matches. */
	public static final String SERVER_NAME = "pipe.server.requests";

	/** Name of the client observation. */
	public static final String CLIENT_NAME = "pipe.client.requests";

	/** The value of a key whose value is missing. */
	public static final String NONE = "none";

	/** The method of a request whose name no handler is registered for. */
	public static final String OTHER_METHOD = "_OTHER";

	/**
	 * Keys with a bounded set of values, on every meter and span.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/** The protocol: {@code jsonrpc} or {@code raw}. */
		RPC_SYSTEM {
			@Override
			public String asString() {
				return "rpc.system.name";
			}
		},

		/**
		 * The method: on a server the registered name, or {@value #OTHER_METHOD} for a name no
		 * handler serves (so a client cannot add tags by making names up); on a client the name
		 * called; {@value #NONE} for raw messages.
		 */
		RPC_METHOD {
			@Override
			public String asString() {
				return "rpc.method";
			}
		},

		/** The status of the response: {@code 0}, a JSON-RPC error code, or {@value #NONE} when there was none. */
		RESPONSE_STATUS_CODE {
			@Override
			public String asString() {
				return "rpc.response.status_code";
			}
		},

		/**
		 * What went wrong: the JSON-RPC error code of an error response, else the class of the
		 * exception that failed the request, else {@value #NONE}.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}
		},

		/** The channel: {@code unix} (Unix domain socket) or {@code pipe} (Win32 named pipe). */
		NETWORK_TRANSPORT {
			@Override
			public String asString() {
				return "network.transport";
			}
		},

		/** The pipe's name. */
		PIPE_NAME {
			@Override
			public String asString() {
				return "pipe.name";
			}
		}

	}

	/**
	 * Keys with values from an unbounded set, on spans only.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/** The request's id; {@value #NONE} for a notification or a raw message. */
		REQUEST_ID {
			@Override
			public String asString() {
				return "jsonrpc.request.id";
			}
		},

		/** The method as the client wrote it, registered or not. */
		METHOD_ORIGINAL {
			@Override
			public String asString() {
				return "rpc.method_original";
			}
		},

		/** The user the client process runs as, where the platform tells. */
		PEER_USER {
			@Override
			public String asString() {
				return "pipe.peer.user";
			}
		},

		/** The client's process id, where the platform tells. */
		PEER_PROCESS_ID {
			@Override
			public String asString() {
				return "pipe.peer.process.id";
			}
		}

	}

}
