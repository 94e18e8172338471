package dev.pipeipc.server.jsonrpc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.jsonrpc.JsonRpcMethods;
import dev.pipeipc.server.PipeSession;
import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ProgressReporter} alone, over a recording session whose queued bytes the test sets: what
 * it sends while the client keeps up, what it keeps while the client is behind, and what it sends
 * or drops when the call is answered, cancelled or reported to after the answer.
 */
class ProgressReporterTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RecordingSession session = new RecordingSession();

	private final ProgressReporter reporter = new ProgressReporter(this.session, json.readTree("\"t-1\""), json);

	@Test
	void eachReportIsSentAsAProgressNotificationWithTheClientsToken() {
		this.reporter.report(Map.of("done", 1));
		this.reporter.report(Map.of("done", 2));
		assertThat(this.session.sent()).containsExactly("{\"token\":\"t-1\",\"value\":{\"done\":1}}",
				"{\"token\":\"t-1\",\"value\":{\"done\":2}}");
		assertThat(this.session.methods).containsOnly(JsonRpcMethods.PROGRESS);
	}

	@Test
	void aNullValueIsSentAsJsonNull() {
		this.reporter.report(null);
		assertThat(this.session.sent()).containsExactly("{\"token\":\"t-1\",\"value\":null}");
	}

	@Test
	void whileTheClientIsBehindOnlyTheNewestValueIsKeptAndSentWhenTheCallIsAnswered() {
		this.session.queued = ProgressReporter.QUEUED_BYTES_LIMIT + 1;
		for (int i = 1; i <= 1000; i++) {
			this.reporter.report(i);
		}
		assertThat(this.session.sent()).isEmpty();
		this.reporter.finish();
		assertThat(this.session.sent()).containsExactly("{\"token\":\"t-1\",\"value\":1000}");
		assertThat(this.reporter.replaced()).isEqualTo(999);
	}

	@Test
	void onceTheClientCatchesUpTheNextReportIsSentAndTheOlderKeptValueIsNot() {
		this.reporter.report(1);
		this.session.queued = ProgressReporter.QUEUED_BYTES_LIMIT + 1;
		this.reporter.report(2);
		this.reporter.report(3);
		this.session.queued = 0;
		this.reporter.report(4);
		this.reporter.finish();
		assertThat(this.session.values()).containsExactly(1, 4);
		assertThat(this.reporter.sent()).isEqualTo(2);
		assertThat(this.reporter.replaced()).isEqualTo(2);
	}

	@Test
	void reportsAfterTheCallIsAnsweredAreDropped() {
		this.reporter.report(1);
		this.reporter.finish();
		this.reporter.report(2);
		this.reporter.finish();
		assertThat(this.session.values()).containsExactly(1);
	}

	@Test
	void aDiscardedReporterDropsWhatItKeptAndWhatComesLater() {
		this.session.queued = ProgressReporter.QUEUED_BYTES_LIMIT + 1;
		this.reporter.report(1);
		this.reporter.discard();
		this.reporter.finish();
		this.session.queued = 0;
		this.reporter.report(2);
		assertThat(this.session.sent()).isEmpty();
	}

	@Test
	void aValueThatCannotBeSerializedFailsTheReportOnTheHandlersThread() {
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> this.reporter.report(new Unwritable()));
		assertThat(this.session.sent()).isEmpty();
	}

	static final class Unwritable {

		public String getStep() {
			throw new IllegalStateException("No step yet");
		}

	}

	/**
	 * A session that records what is pushed to it and tells the queued bytes the test sets.
	 */
	static final class RecordingSession implements PipeSession {

		final List<String> methods = new CopyOnWriteArrayList<>();

		final List<@Nullable Object> params = new CopyOnWriteArrayList<>();

		volatile long queued;

		@Override
		public long id() {
			return 1;
		}

		@Override
		public String serverName() {
			return "unit";
		}

		@Override
		public Optional<PipePeer> peer() {
			return Optional.empty();
		}

		@Override
		public Map<String, Object> attributes() {
			return new ConcurrentHashMap<>();
		}

		@Override
		public void notify(String method, @Nullable Object params) {
			this.methods.add(method);
			this.params.add(params);
		}

		@Override
		public long queuedBytes() {
			return this.queued;
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		List<String> sent() {
			return this.params.stream().map(String::valueOf).toList();
		}

		List<Integer> values() {
			return this.params.stream().map((node) -> ((JsonNode) node).get("value").intValue()).toList();
		}

	}

}
