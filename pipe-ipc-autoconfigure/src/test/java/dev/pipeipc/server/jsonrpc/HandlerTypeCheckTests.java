package dev.pipeipc.server.jsonrpc;

import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.Method;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.config.PipeHandlerMethod;
import dev.pipeipc.server.PipeSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link HandlerTypeCheck} alone: handler signatures in, nothing or an
 * {@link UnsupportedHandlerTypeException} out.
 */
class HandlerTypeCheckTests {

	private static PipeHandlerMethod endpoint(String methodName) {
		Method method = ReflectionUtils.findMethod(Handlers.class, methodName, (Class<?>[]) null);
		assertThat(method).as("method %s", methodName).isNotNull();
		return new PipeHandlerMethod("", "test." + methodName, new Handlers(), "handlers", method);
	}

	private static void check(String methodName) {
		PipeHandlerMethod endpoint = endpoint(methodName);
		HandlerTypeCheck.check(endpoint, HandlerParameterNames.of(endpoint));
	}

	private static UnsupportedHandlerTypeException checkFails(String methodName) {
		try {
			check(methodName);
		}
		catch (UnsupportedHandlerTypeException ex) {
			return ex;
		}
		throw new AssertionError("Checking " + methodName + " did not fail");
	}

	@Test
	void requestContextOrCancellationAsAResultFailsSayingItBelongsToTheRequest() {
		assertThat(checkFails("leakRequest").getMessage()).endsWith("returns PipeRequestContext, which cannot be"
				+ " written as a JSON result. PipeRequestContext belongs to the request being handled: it is injected"
				+ " as a parameter by itself, never read from or written to JSON.");
		assertThat(checkFails("cancellations").getParameterName()).isEqualTo("signals");
	}

	@Test
	void parameterAResolverServesIsNotChecked() {
		PipeHandlerMethod endpoint = endpoint("upload");
		HandlerTypeCheck.check(endpoint, HandlerParameterNames.of(endpoint), new boolean[] { true });
	}

	@Test
	void builtInResolverParametersPassAndTheOthersAreStillChecked() {
		check("context");
		UnsupportedHandlerTypeException ex = checkFails("contextAndStream");
		assertThat(ex.getParameterName()).isEqualTo("content");
	}

	@Test
	void streamParameterFailsNamingHandlerBeanMethodParameterAndReplacement() {
		UnsupportedHandlerTypeException ex = checkFails("upload");
		assertThat(ex).hasMessage("JSON-RPC handler 'test.upload' (bean 'handlers', method HandlerTypeCheckTests.Handlers.upload) takes"
				+ " parameter 'content' of type InputStream, which cannot be bound from JSON params. InputStream is a"
				+ " stream, read or written over time, with no JSON form.");
		assertThat(ex.getParameterName()).isEqualTo("content");
		assertThat(ex.getTypeName()).isEqualTo("InputStream");
		assertThat(ex.getEndpoint().getBeanName()).isEqualTo("handlers");
		assertThat(ex.getAction()).startsWith("Take or return the content itself: a String, a byte[]")
			.contains("pipe.server.protocol=raw");
	}

	@Test
	void unsupportedReturnTypeFailsWithoutAParameterName() {
		UnsupportedHandlerTypeException ex = checkFails("download");
		assertThat(ex).hasMessage("JSON-RPC handler 'test.download' (bean 'handlers', method HandlerTypeCheckTests.Handlers.download)"
				+ " returns InputStream, which cannot be written as a JSON result. InputStream is a stream, read or"
				+ " written over time, with no JSON form.");
		assertThat(ex.getParameterName()).isNull();
	}

	@Test
	void nestedUnsupportedTypeIsNamedInsideTheDeclaredType() {
		UnsupportedHandlerTypeException ex = checkFails("uploadAll");
		assertThat(ex.getTypeName()).isEqualTo("List<InputStream>");
		assertThat(ex).hasMessageContaining("of type List<InputStream>")
			.hasMessageContaining("InputStream is a stream");
	}

	@Test
	void functionalInterfaceParameterIsCodeNotData() {
		UnsupportedHandlerTypeException ex = checkFails("runTask");
		assertThat(ex).hasMessageContaining("parameter 'task' of type Runnable")
			.hasMessageContaining("Runnable is a functional interface: code, not data");
		assertThat(ex.getAction()).contains("an enum or a record");
	}

	@Test
	void typeVariableParameterAsksForTheConcreteType() {
		UnsupportedHandlerTypeException ex = checkFails("generic");
		assertThat(ex).hasMessageContaining("parameter 'value' of type T")
			.hasMessageContaining("T is a type variable");
		assertThat(ex.getAction()).contains("Declare the concrete type", "JsonNode");
	}

	@Test
	void classParameterIsRefusedSoCallersCannotLoadClassesByName() {
		assertThat(checkFails("loadType")).hasMessageContaining("Class<?>")
			.hasMessageContaining("is part of the running JVM");
	}

	@Test
	void nestedCompletionStageInAResultIsNotAwaitedAndIsRefused() {
		assertThat(checkFails("pendingList")).hasMessageContaining("returns List<CompletableFuture<String>>")
			.hasMessageContaining("is awaited only when it is the return type itself");
	}

	@Test
	void valueOfAReturnedCompletionStageIsChecked() {
		assertThat(checkFails("downloadLater")).hasMessageContaining("returns CompletableFuture<InputStream>")
			.hasMessageContaining("InputStream is a stream");
	}

	@Test
	void parameterWithoutAKnownNameIsNamedByItsPosition() {
		PipeHandlerMethod endpoint = endpoint("upload");
		assertThatExceptionOfType(UnsupportedHandlerTypeException.class)
			.isThrownBy(() -> HandlerTypeCheck.check(endpoint, new String[1]))
			.satisfies((ex) -> assertThat(ex.getParameterName()).isEqualTo("arg0"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "read", "write", "connect", "channel", "thread", "executor", "call", "apply",
			"decide", "classLoader", "reflect", "future", "stage", "optionalTask", "threads", "sessions",
			"wildcardStreams" })
	void parameterWithNoJsonFormFailsTheCheck(String methodName) {
		assertThat(checkFails(methodName).getParameterName()).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "supplier", "threadResult", "futureResult", "sessionResult", "readerLater" })
	void resultWithNoJsonFormFailsTheCheck(String methodName) {
		assertThat(checkFails(methodName).getParameterName()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "subtract", "move", "anything", "tree", "maybe", "nested", "bytes", "withSession",
			"later", "nothingLater", "nothing", "typedResult", "wildcards", "orders" })
	void parameterAndResultWithAJsonFormPassTheCheck(String methodName) {
		assertThatNoException().isThrownBy(() -> check(methodName));
	}

	record Point(int x, int y) {
	}

	@FunctionalInterface
	interface Decision {

		boolean decide(String value);

	}

	static class Handlers {

		void context(PipeSession session, dev.pipeipc.transport.PipePeer peer, PipeCancellation cancellation,
				PipeRequestContext request) {
		}

		void contextAndStream(PipeCancellation cancellation, InputStream content) {
		}

		PipeRequestContext leakRequest(PipeRequestContext request) {
			return request;
		}

		void cancellations(java.util.List<PipeCancellation> signals) {
		}

		void upload(InputStream content) {
		}

		InputStream download() {
			return InputStream.nullInputStream();
		}

		void uploadAll(List<InputStream> contents) {
		}

		void runTask(Runnable task) {
		}

		<T> void generic(T value) {
		}

		void loadType(Class<?> type) {
		}

		List<CompletableFuture<String>> pendingList() {
			return List.of();
		}

		CompletableFuture<InputStream> downloadLater() {
			return new CompletableFuture<>();
		}

		void read(Reader reader) {
		}

		void write(Writer writer) {
		}

		void connect(Socket socket) {
		}

		void channel(SocketChannel channel) {
		}

		void thread(Thread thread) {
		}

		void executor(ExecutorService executor) {
		}

		void call(Callable<String> task) {
		}

		void apply(Function<String, String> function) {
		}

		void decide(Decision decision) {
		}

		void classLoader(ClassLoader loader) {
		}

		void reflect(Method method) {
		}

		void future(Future<String> value) {
		}

		void stage(CompletionStage<String> value) {
		}

		void optionalTask(Optional<Runnable> task) {
		}

		void threads(Thread[] threads) {
		}

		void sessions(List<PipeSession> sessions) {
		}

		void wildcardStreams(List<? extends InputStream> streams) {
		}

		Supplier<String> supplier() {
			return () -> "lazy";
		}

		Thread threadResult() {
			return Thread.currentThread();
		}

		Future<String> futureResult() {
			return new CompletableFuture<>();
		}

		PipeSession sessionResult(PipeSession session) {
			return session;
		}

		CompletionStage<Reader> readerLater() {
			return new CompletableFuture<>();
		}

		int subtract(int minuend, int subtrahend) {
			return minuend - subtrahend;
		}

		Point move(Point to) {
			return to;
		}

		@Nullable Object anything(@Nullable Object value) {
			return value;
		}

		JsonNode tree(JsonNode params) {
			return params;
		}

		Optional<String> maybe(Optional<String> value) {
			return value;
		}

		Map<String, List<Point>> nested(Map<String, List<Point>> points) {
			return points;
		}

		byte[] bytes(byte[] content) {
			return content;
		}

		String withSession(PipeSession session, String value) {
			return session.id() + value;
		}

		CompletableFuture<String> later(String value) {
			return CompletableFuture.completedFuture(value);
		}

		CompletionStage<Void> nothingLater() {
			return CompletableFuture.completedFuture(null);
		}

		void nothing() {
		}

		<T extends Point> T typedResult(Point value) {
			throw new UnsupportedOperationException();
		}

		int wildcards(List<?> values) {
			return values.size();
		}

		List<Point> orders(@Nullable String customer, int limit) {
			return List.of();
		}

	}

}
