package dev.pipeipc.test.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.pipeipc.test.Greeter;
import dev.pipeipc.test.PipeTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link PipeTest @PipeTest} naming no handlers: every class with handler methods is served,
 * and nothing else is scanned.
 */
@PipeTest(properties = "pipe.server.max-threads=3")
class PipeTestOfAllHandlersIntegrationTests {

	@Autowired
	PipeTester tester;

	@Autowired
	ApplicationContext context;

	@MockitoBean
	Greeter greeter;

	@Test
	void everyHandlerClassIsServed() {
		this.tester.call("admin.version").isSuccess().isEqualToJson("\"1.0\"");
	}

	@Test
	void servicesAreNotScanned() {
		assertThat(this.context.getBean(Greeter.class)).matches((greeter) -> org.mockito.Mockito.mockingDetails(greeter).isMock());
	}

	@Test
	void propertiesOfTheTestApply() {
		assertThat(this.context.getEnvironment().getProperty("pipe.server.max-threads")).isEqualTo("3");
	}

}
