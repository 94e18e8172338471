package dev.pipeipc.server.jsonrpc.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.jsonrpc.JsonRpcErrorCodes;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.ObservedStream;
import dev.pipeipc.server.ObservedStream.Outcome;
import dev.pipeipc.server.PipeServerInstrumentation;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.server.jsonrpc.PipeRequestContext;
import dev.pipeipc.server.jsonrpc.PipeResultStreaming;

/**
 * The open streams of one connection, by token. Tokens are numbers counted from 1 on each
 * connection, as StreamJsonRpc's are; a stream leaves the map as it ends, so a token the client
 * names after the end (or never got) is answered {@value EnumeratorMethods#UNKNOWN_TOKEN}. Closing
 * the connection cancels every stream still open.
 */
final class StreamConnection implements PipeResultStreaming.Session {

	private final AsyncEnumerableStreaming streaming;

	private final PipeSession session;

	private final PipeServerInstrumentation instrumentation;

	private final Map<Long, OpenStream> open = new ConcurrentHashMap<>();

	private final Map<Long, ObservedStream> observations = new ConcurrentHashMap<>();

	private long lastToken;

	private boolean closed;

	StreamConnection(AsyncEnumerableStreaming streaming, PipeSession session,
			PipeServerInstrumentation instrumentation) {
		this.streaming = streaming;
		this.session = session;
		this.instrumentation = instrumentation;
	}

	@Override
	public boolean serves(String method) {
		return EnumeratorMethods.NEXT.equals(method) || EnumeratorMethods.ABORT.equals(method);
	}

	@Override
	public PipeResultStreaming.Started start(Object returned, PipeRequestContext request) {
		StreamSettings settings = this.streaming.settingsFor(request.handler());
		ItemSource source;
		OpenStream stream;
		synchronized (this) {
			if (this.closed || this.open.size() >= settings.maxOpenPerConnection()) {
				StreamSources.discard(returned);
				throw this.closed ? new JsonRpcException(JsonRpcErrorCodes.REQUEST_CANCELLED, "Connection closed")
						: tooMany(request, settings);
			}
			source = StreamSources.adapt(returned, request.handler().describe(), this.streaming.reactiveStreams());
			long token = ++this.lastToken;
			stream = new OpenStream(token, settings, source, request, this.streaming.timer(), this::ended);
			this.open.put(token, stream);
		}
		this.instrumentation.statistics().streamOpened();
		if (this.instrumentation.isObserving()) {
			this.observations.put(stream.token(),
					this.instrumentation.observer().startStream(this.streaming.describe(request, this.instrumentation)));
		}
		CompletableFuture<@Nullable Object> first = stream.start();
		return new PipeResultStreaming.Started(first, stream.ended(), () -> stream.cancel(Outcome.CANCELLED));
	}

	private JsonRpcException tooMany(PipeRequestContext request, StreamSettings settings) {
		return new JsonRpcException(JsonRpcErrorCodes.SERVER_UNAVAILABLE,
				"Too many open streams: this connection has " + this.open.size() + " open, the most "
						+ request.handler().describe() + " allows on pipe '" + this.instrumentation.pipeName()
						+ "' (pipe.server.streams.max-open-per-connection). Read streams to their end or abort them"
						+ " with $/enumerator/abort.",
				Map.of("method", request.method(), "maxOpenPerConnection", settings.maxOpenPerConnection()));
	}

	@Override
	public CompletableFuture<@Nullable Object> control(String method, @Nullable JsonNode params) {
		long token = EnumeratorMethods.token(method, params);
		OpenStream stream = this.open.get(token);
		if (stream == null) {
			return CompletableFuture.failedFuture(unknownToken(token));
		}
		if (EnumeratorMethods.ABORT.equals(method)) {
			stream.cancel(Outcome.ABORTED);
			return CompletableFuture.completedFuture(null);
		}
		return stream.next();
	}

	@Override
	public void discard(Object returned) {
		StreamSources.discard(returned);
	}

	@Override
	public void closed() {
		List<OpenStream> streams;
		synchronized (this) {
			this.closed = true;
			streams = new ArrayList<>(this.open.values());
		}
		for (OpenStream stream : streams) {
			stream.cancel(Outcome.CANCELLED);
		}
	}

	/**
	 * Streams open on this connection now.
	 * @return the count
	 */
	int openCount() {
		return this.open.size();
	}

	/**
	 * Values held now by this connection's streams.
	 * @return the count
	 */
	int buffered() {
		int total = 0;
		for (OpenStream stream : this.open.values()) {
			total += stream.buffered();
		}
		return total;
	}

	private void ended(OpenStream stream, Outcome outcome, long items, @Nullable Throwable error) {
		this.open.remove(stream.token(), stream);
		this.instrumentation.statistics().streamClosed();
		ObservedStream observed = this.observations.remove(stream.token());
		if (observed != null) {
			observed.finish(outcome, items, error);
		}
	}

	static JsonRpcException unknownToken(long token) {
		return new JsonRpcException(EnumeratorMethods.UNKNOWN_TOKEN,
				"No open stream has token " + token + ": it ended, was aborted, or never existed.",
				Map.of("token", token));
	}

}
