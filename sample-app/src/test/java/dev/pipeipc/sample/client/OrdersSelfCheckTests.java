package dev.pipeipc.sample.client;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pipeipc.sample.OrdersApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order desk's {@code --self-check}: it calls its own pipe through {@link OrdersClient}.
 */
@ExtendWith(OutputCaptureExtension.class)
class OrdersSelfCheckTests {

	@TempDir(cleanup = CleanupMode.ALWAYS)
	Path directory;

	@Test
	void selfCheckCallsTheDesksOwnPipeThroughTheClientInterface(CapturedOutput output) {
		try (ConfigurableApplicationContext desk = run("--self-check")) {
			assertThat(output).contains("Self-check through the 'orders' pipe passed: placed order 1 (self-check x1),"
					+ " read it back and found it");
		}
	}

	@Test
	void withoutTheOptionNothingIsCalled(CapturedOutput output) {
		try (ConfigurableApplicationContext desk = run()) {
			assertThat(output).doesNotContain("Self-check");
		}
	}

	private ConfigurableApplicationContext run(String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--pipe.server.directory=" + this.directory;
		all[1] = "--pipe.clients.orders.directory=" + this.directory;
		System.arraycopy(args, 0, all, 2, args.length);
		return new SpringApplicationBuilder(OrdersApplication.class).web(WebApplicationType.NONE).run(all);
	}

}
