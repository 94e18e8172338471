package dev.pipeipc.server.jsonrpc.stream;

import java.io.IOException;
import java.nio.file.Path;

import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.annotation.PipeHandlerAnnotationBeanPostProcessor;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeRequestObserver;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.jsonrpc.JsonRpcProtocol;
import dev.pipeipc.transport.unix.UnixSocketTransport;

/**
 * A JSON-RPC server on a real Unix socket whose handlers' results are streamed with the given
 * settings, for the stream tests.
 */
final class StreamingServer implements AutoCloseable {

	private final PipeServer server;

	private final Path socket;

	private StreamingServer(PipeServer server, Path socket) {
		this.server = server;
		this.socket = socket;
	}

	static StreamingServer start(Path socket, StreamSettings settings, Object... handlers) {
		return start(socket, settings, PipeRequestObserver.NONE, handlers);
	}

	static StreamingServer start(Path socket, StreamSettings settings, PipeRequestObserver observer,
			Object... handlers) {
		PipeServer server = PipeServer.builder("streams", socket.toString())
			.transport(new UnixSocketTransport())
			.protocol(protocol(settings, handlers))
			.requestObserver(observer)
			.framing(Framing.CONTENT_LENGTH)
			.build();
		server.start();
		return new StreamingServer(server, socket);
	}

	static JsonRpcProtocol protocol(StreamSettings settings, Object... handlers) {
		PipeHandlerRegistry registry = new PipeHandlerRegistry();
		PipeHandlerAnnotationBeanPostProcessor postProcessor = new PipeHandlerAnnotationBeanPostProcessor(registry);
		for (int i = 0; i < handlers.length; i++) {
			postProcessor.postProcessAfterInitialization(handlers[i], "handler" + i);
		}
		JsonRpcProtocol protocol = new JsonRpcProtocol(PipeHandlerRegistry.DEFAULT_SERVER, "streams", registry,
				JsonMapper.builder().build(), false);
		protocol.setResultStreaming(new AsyncEnumerableStreaming("streams", settings));
		return protocol;
	}

	PipeServer server() {
		return this.server;
	}

	PipeTestClient connect() throws IOException {
		return PipeTestClient.connect(this.socket, Framing.CONTENT_LENGTH);
	}

	@Override
	public void close() {
		this.server.close();
	}

}
