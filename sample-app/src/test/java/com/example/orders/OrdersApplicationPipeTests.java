// tag::spring-boot-test[]
package com.example.orders;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.pipeipc.test.PipeTester;
import dev.pipeipc.test.autoconfigure.AutoConfigurePipeTester;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = "pipe.server.name=orders-app-test")
@AutoConfigurePipeTester                    // a PipeTester for the whole application's pipe
class OrdersApplicationPipeTests {

	@Autowired
	PipeTester tester;

	@Test
	void reportCountsTheOrders() {
		this.tester.call("report")
			.hasResultSatisfying((count) -> assertThat(count.asInt()).isNotNegative());
	}

	@Test
	void serverDescribesItself() {
		this.tester.call("rpc.discover")
			.hasResultSatisfying((document) -> assertThat(document.get("openrpc").asString()).isEqualTo("1.3.2"));
	}

}
// end::spring-boot-test[]
