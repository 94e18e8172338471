package dev.pipeipc.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.client.registry.ImportPipeExchanges;
import dev.pipeipc.jsonrpc.PipeProgress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress between a {@code @PipeHandler} with a {@link PipeProgress} parameter and an
 * {@link ImportPipeExchanges} interface whose method takes a {@code Consumer<T>} or
 * {@code PipeProgress<T>}, in one application context over its socket: the values arrive typed by
 * the interface method's signature, before the method returns, by position or by name, and a
 * {@code null} listener asks for no progress.
 */
class PipeExchangeProgressTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return PipeContextRunners.pipeAutoConfiguration()
			.withPropertyValues("pipe.server.directory=" + this.directory, "pipe.server.name=imports",
					"pipe.clients.imports.directory=" + this.directory)
			.withUserConfiguration(ImportHandlers.class, Clients.class);
	}

	@Test
	void consumerParameterReceivesTypedProgressBeforeTheMethodReturns() {
		runner().run((context) -> {
			List<Step> steps = new CopyOnWriteArrayList<>();
			int imported = context.getBean(ImportClient.class).run("orders.csv", steps::add);
			assertThat(imported).isEqualTo(3);
			assertThat(steps).containsExactly(new Step("orders.csv", 1, 3), new Step("orders.csv", 2, 3),
					new Step("orders.csv", 3, 3));
		});
	}

	@Test
	void progressParameterWithNamedParamsAndAFutureResult() {
		runner().run((context) -> {
			List<Step> steps = new CopyOnWriteArrayList<>();
			CompletableFuture<Integer> imported = context.getBean(ImportClient.class).runNamed("b.csv", steps::add);
			assertThat(imported.get(5, TimeUnit.SECONDS)).isEqualTo(3);
			assertThat(steps).hasSize(3).allSatisfy((step) -> assertThat(step.file()).isEqualTo("b.csv"));
		});
	}

	@Test
	void nullListenerAsksForNoProgress() {
		runner().run((context) -> {
			assertThat(context.getBean(ImportClient.class).run("c.csv", null)).isEqualTo(3);
			assertThat(context.getBean(ImportHandlers.class).reporters).containsExactly("no progress");
		});
	}

	record Step(String file, int done, int of) {
	}

	@PipeExchange("imports")
	interface ImportClient {

		@PipeExchange
		int run(String file, Consumer<Step> progress);

		@PipeExchange(value = "run", params = PipeExchange.Params.NAMED)
		CompletableFuture<Integer> runNamed(String file, PipeProgress<? super Step> progress);

	}

	@Configuration(proxyBeanMethods = false)
	@ImportPipeExchanges(client = "imports", types = ImportClient.class)
	static class Clients {

	}

	@Configuration(proxyBeanMethods = false)
	static class ImportHandlers {

		final List<String> reporters = new CopyOnWriteArrayList<>();

		@PipeHandler("imports.run")
		int run(String file, PipeProgress<Step> progress) {
			if (progress.getClass().getSimpleName().equals("ProgressReporter")) {
				this.reporters.add("reporter");
			}
			else {
				this.reporters.add("no progress");
			}
			for (int i = 1; i <= 3; i++) {
				progress.report(new Step(file, i, 3));
			}
			return 3;
		}

	}

}
