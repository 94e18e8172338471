package dev.pipeipc.autoconfigure;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.transport.windows.NamedPipeApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link PipeClientFactory}: no socket is opened, clients connect on first call.
 */
class PipeClientFactoryTests {

	@TempDir
	Path directory;

	private final StaticListableBeanFactory beans = new StaticListableBeanFactory();

	private final PipeClientFactory factory = new PipeClientFactory(this.beans.getBeanProvider(JsonMapper.class),
			this.beans.getBeanProvider(NamedPipeApi.class));

	@Test
	void clientCallsThePipeNamedAfterItsIdByDefault() {
		try (PipeClient client = this.factory.create("shop", properties(null))) {
			assertThat(client.getAddress()).isEqualTo(this.directory.resolve("shop.sock").toString());
		}
	}

	@Test
	void clientCallsTheConfiguredPipe() {
		try (PipeClient client = this.factory.create("shop", properties("orders"))) {
			assertThat(client.getAddress()).isEqualTo(this.directory.resolve("orders.sock").toString());
		}
	}

	@Test
	void blankPipeFallsBackToTheId() {
		try (PipeClient client = this.factory.create("shop", properties("  "))) {
			assertThat(client.getAddress()).isEqualTo(this.directory.resolve("shop.sock").toString());
		}
	}

	private PipeClientProperties properties(@Nullable String pipe) {
		PipeClientProperties properties = new PipeClientProperties();
		properties.setPipe(pipe);
		properties.setDirectory(this.directory.toString());
		return properties;
	}

}
