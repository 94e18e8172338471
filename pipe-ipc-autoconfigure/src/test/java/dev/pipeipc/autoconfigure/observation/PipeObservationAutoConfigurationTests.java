package dev.pipeipc.autoconfigure.observation;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.client.ObservedCall;
import dev.pipeipc.client.PipeCallObserver;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.observation.DefaultPipeServerObservationConvention;
import dev.pipeipc.observation.ObservationPipeCallObserver;
import dev.pipeipc.observation.ObservationPipeRequestObserver;
import dev.pipeipc.observation.PipeObservationDocumentation;
import dev.pipeipc.observation.PipeServerObservationContext;
import dev.pipeipc.observation.PipeServerObservationConvention;
import dev.pipeipc.server.ObservedRequest;
import dev.pipeipc.server.PipeRequestObserver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PipeObservationAutoConfiguration}, with Spring Boot's observation module and
 * calls over a real socket between a configured server and a configured client.
 */
class PipeObservationAutoConfigurationTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, JacksonAutoConfiguration.class,
					PipeAutoConfiguration.class, PipeObservationAutoConfiguration.class))
			.withUserConfiguration(Handlers.class, RecordingHandlerConfiguration.class)
			.withPropertyValues("pipe.server.directory=" + this.directory,
					"pipe.clients.self.pipe=" + this.directory.resolve("pipe-ipc.sock"));
	}

	@Test
	void observesEveryRequestAndCallWhenThereIsAnObservationRegistry() {
		runner().run((context) -> {
			assertThat(context).getBean(PipeRequestObserver.class).isInstanceOf(ObservationPipeRequestObserver.class);
			assertThat(context).getBean(PipeCallObserver.class).isInstanceOf(ObservationPipeCallObserver.class);
			PipeClient client = context.getBean("selfPipeClient", PipeClient.class);
			assertThat(client.call("hello", List.of("pipe"), String.class)).isEqualTo("hello pipe");
			RecordingHandler recorded = context.getBean(RecordingHandler.class);
			assertThat(recorded.awaitStopped(PipeObservationDocumentation.SERVER_NAME, 1).get(0)
				.getLowCardinalityKeyValue("rpc.method")
				.getValue()).isEqualTo("hello");
			assertThat(recorded.awaitStopped(PipeObservationDocumentation.CLIENT_NAME, 1).get(0)
				.getLowCardinalityKeyValue("rpc.method")
				.getValue()).isEqualTo("hello");
		});
	}

	@Test
	void managementObservationsEnablePipeFalseTurnsThemOff() {
		runner().withPropertyValues("management.observations.enable.pipe=false").run((context) -> {
			PipeClient client = context.getBean("selfPipeClient", PipeClient.class);
			assertThat(client.call("hello", List.of("pipe"), String.class)).isEqualTo("hello pipe");
			Observation.start("other", context.getBean(ObservationRegistry.class)).stop();
			RecordingHandler recorded = context.getBean(RecordingHandler.class);
			recorded.awaitStopped("other", 1);
			assertThat(recorded.started).map(Observation.Context::getName).containsExactly("other");
		});
	}

	@Test
	void usesTheApplicationsServerConvention() {
		runner().withUserConfiguration(ConventionConfiguration.class).run((context) -> {
			context.getBean("selfPipeClient", PipeClient.class).call("hello", List.of("pipe"), String.class);
			Observation.Context server = context.getBean(RecordingHandler.class)
				.awaitStopped(PipeObservationDocumentation.SERVER_NAME, 1)
				.get(0);
			assertThat(server.getLowCardinalityKeyValue("tenant").getValue()).isEqualTo("acme");
			assertThat(server.getLowCardinalityKeyValue("rpc.method").getValue()).isEqualTo("hello");
		});
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnObservers() {
		runner().withUserConfiguration(ObserverConfiguration.class).run((context) -> {
			assertThat(context).getBean(PipeRequestObserver.class).isSameAs(ObserverConfiguration.REQUESTS);
			assertThat(context).getBean(PipeCallObserver.class).isSameAs(ObserverConfiguration.CALLS);
			assertThat(context).doesNotHaveBean(ObservationPipeRequestObserver.class)
				.doesNotHaveBean(ObservationPipeCallObserver.class);
		});
	}

	@Test
	void staysAwayWithoutAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, PipeAutoConfiguration.class,
					PipeObservationAutoConfiguration.class))
			.withPropertyValues("pipe.server.directory=" + this.directory)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PipeRequestObserver.class)
				.doesNotHaveBean(PipeCallObserver.class));
	}

	@Test
	void staysAwayWithoutMicrometerObservationAndServersStillServe() {
		runner().withClassLoader(new FilteredClassLoader(ObservationRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(PipeRequestObserver.class)
				.doesNotHaveBean(PipeCallObserver.class);
			PipeClient client = context.getBean("selfPipeClient", PipeClient.class);
			assertThat(client.call("hello", List.of("pipe"), String.class)).isEqualTo("hello pipe");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	static class Greeter {

		@PipeHandler("hello")
		String hello(String name) {
			return "hello " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingHandlerConfiguration {

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

	}

	/**
	 * Records the observations the registry starts and stops; Spring Boot adds it to the registry.
	 */
	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> started = new CopyOnWriteArrayList<>();

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Observation.Context context) {
			this.started.add(context);
		}

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		List<Observation.Context> awaitStopped(String name, int count) {
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.until(() -> named(name).size() >= count);
			return named(name);
		}

		private List<Observation.Context> named(String name) {
			return this.stopped.stream().filter((context) -> name.equals(context.getName())).toList();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		PipeServerObservationConvention tenantConvention() {
			return new DefaultPipeServerObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(PipeServerObservationContext context) {
					return super.getLowCardinalityKeyValues(context).and(KeyValue.of("tenant", "acme"));
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ObserverConfiguration {

		static final PipeRequestObserver REQUESTS = (request) -> ObservedRequest.NONE;

		static final PipeCallObserver CALLS = (call) -> ObservedCall.NONE;

		@Bean
		PipeRequestObserver myRequestObserver() {
			return REQUESTS;
		}

		@Bean
		PipeCallObserver myCallObserver() {
			return CALLS;
		}

	}

}
