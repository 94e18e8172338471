package dev.pipeipc.test.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.pipeipc.test.PipeTester;

/**
 * {@link AutoConfigurePipeTester @AutoConfigurePipeTester} on a whole application: the tester
 * calls the application's own pipe and its real collaborators.
 */
@SpringBootTest(properties = { "pipe.server.name=tester-app", "pipe.server.directory=${java.io.tmpdir}" })
@AutoConfigurePipeTester
class AutoConfigurePipeTesterIntegrationTests {

	@Autowired
	PipeTester tester;

	@Test
	void testerCallsTheApplicationsPipe() {
		this.tester.call("greet", "Ada").isSuccess().isEqualToJson("{\"text\": \"Hello, Ada\", \"length\": 10}");
		this.tester.call("admin.version").isSuccess().isEqualToJson("\"1.0\"");
	}

}
