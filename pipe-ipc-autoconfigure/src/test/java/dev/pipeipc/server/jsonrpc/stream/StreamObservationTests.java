package dev.pipeipc.server.jsonrpc.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.observation.ObservationPipeRequestObserver;
import dev.pipeipc.server.CloseAfterEach;
import dev.pipeipc.server.PipeTestClient;
import dev.pipeipc.server.TestPipeServer;

import static dev.pipeipc.server.PipeTestClient.notification;
import static dev.pipeipc.server.PipeTestClient.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@code pipe.server.streams} observation per stream, with the values it sent and how it
 * ended, beside the {@code pipe.server.requests} observation of the request that opened it.
 */
class StreamObservationTests {

	@RegisterExtension
	final CloseAfterEach resources = new CloseAfterEach();

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	@Test
	void eachStreamIsObservedOnceWithItsItemsAndOutcome() throws IOException, InterruptedException {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				StreamObservationTests.this.stopped.add(context);
			}

		});
		StreamingServer server = this.resources.add(StreamingServer.start(this.resources.socket("observed.sock"),
				new StreamSettings(2, 0, 2, 3, Duration.ofMinutes(5)), new ObservationPipeRequestObserver(registry),
				new StreamHandlers()));
		PipeTestClient client = this.resources.add(server.connect());
		client.call(request(1, "numbers.flux", "[3]"));
		client.call(request(2, "$/enumerator/next", "[1]"));
		client.call(request(3, "numbers.endless", null));
		client.send(notification("$/enumerator/abort", "[2]"));
		client.call(request(4, "numbers.failing", null));
		client.call(request(5, "$/enumerator/next", "[3]"));
		client.call(request(6, "$/enumerator/next", "[3]"));
		TestPipeServer.await("three streams observed", () -> streams().size() == 3);
		assertThat(streams()).extracting((context) -> context.getLowCardinalityKeyValue("rpc.method").getValue()
				+ " " + context.getLowCardinalityKeyValue("outcome").getValue() + " "
				+ context.getHighCardinalityKeyValue("pipe.stream.items").getValue())
			.containsExactly("numbers.flux completed 3", "numbers.endless aborted 2", "numbers.failing failed 3");
		assertThat(this.stopped).filteredOn((context) -> "pipe.server.requests".equals(context.getName()))
			.extracting((context) -> context.getLowCardinalityKeyValue("rpc.method").getValue())
			.contains("numbers.flux", "numbers.endless", "numbers.failing");
	}

	private List<Observation.Context> streams() {
		return this.stopped.stream().filter((context) -> "pipe.server.streams".equals(context.getName())).toList();
	}

}
