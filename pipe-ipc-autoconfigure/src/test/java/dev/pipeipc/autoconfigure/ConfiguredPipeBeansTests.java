package dev.pipeipc.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeCallObserver;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.config.PipeHandlerRegistry;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.transport.windows.NamedPipeApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Unit tests of {@link ConfiguredPipeBeans} and {@link ConfiguredPipeClients}, the factories the
 * definitions of {@code pipe.servers} and {@code pipe.clients} entries name.
 */
class ConfiguredPipeBeansTests {

	@TempDir
	Path directory;

	private final PipeProperties properties = new PipeProperties();

	private final PipeHandlerRegistry registry = new PipeHandlerRegistry();

	private final ConfiguredPipeServers servers = new ConfiguredPipeServers(this.registry);

	private ConfiguredPipeBeans beans() {
		JsonMapper mapper = JsonMapper.builder().build();
		return new ConfiguredPipeBeans(this.properties,
				new PipeServerFactory(this.registry, mapper, null, null, new MockEnvironment()), this.servers);
	}

	private ConfiguredPipeClients clients() {
		StaticListableBeanFactory beanFactory = new StaticListableBeanFactory();
		return new ConfiguredPipeClients(this.properties, beanFactory.getBeanProvider(JsonMapper.class),
				beanFactory.getBeanProvider(NamedPipeApi.class), beanFactory.getBeanProvider(PipeCallObserver.class));
	}

	@Test
	void serverOfAnEntryIsExplicitAndNamedAfterItsId() {
		PipeServerProperties admin = new PipeServerProperties();
		admin.setDirectory(this.directory.toString());
		this.properties.getServers().put("admin", admin);
		PipeServer server = beans().server("admin");
		assertThat(server.getName()).isEqualTo("admin");
		assertThat(this.servers.getServerId(server)).isEqualTo("admin");
		assertThat(this.servers.isNeeded(server)).isTrue();
	}

	@Test
	void clientOfAnEntryCallsItsPipe() {
		PipeClientProperties orders = new PipeClientProperties();
		orders.setPipe("orders");
		orders.setDirectory(this.directory.toString());
		this.properties.getClients().put("orders", orders);
		try (PipeClient client = clients().client("orders")) {
			assertThat(client.getAddress()).isEqualTo(this.directory.resolve("orders.sock").toString());
		}
	}

	@Test
	void entryThatIsNoLongerSetIsNamedWithWhatToDo() {
		assertThatIllegalStateException().isThrownBy(() -> clients().client("gone"))
			.withMessage("The application was processed ahead of time with 'pipe.clients.gone.*' set, which defines"
					+ " its PipeClient bean, but 'pipe.clients.gone.*' is not set now. Ahead-of-time processing fixes"
					+ " the pipe servers and clients when the application is built: set 'pipe.clients.gone.*' again,"
					+ " or build the application again without it.");
		assertThatIllegalStateException().isThrownBy(() -> beans().server("gone"))
			.withMessageContaining("'pipe.servers.gone.*' set, which defines its PipeServer bean");
	}

}
