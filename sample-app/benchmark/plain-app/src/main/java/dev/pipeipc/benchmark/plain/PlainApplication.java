package dev.pipeipc.benchmark.plain;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * A plain Spring Boot application with Jackson and one bean: the baseline against which the
 * benchmark measures what the pipe-ipc starter adds to startup. It prints {@code benchmark-ready}
 * once the application is ready, which is when the benchmark stops its clock.
 */
@SpringBootApplication
public class PlainApplication {

	public static void main(String[] args) {
		SpringApplication.run(PlainApplication.class, args);
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		System.out.println("benchmark-ready");
	}

}
