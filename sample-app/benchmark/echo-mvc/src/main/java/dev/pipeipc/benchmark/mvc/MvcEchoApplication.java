package dev.pipeipc.benchmark.mvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What an application would use instead of a pipe: a Spring MVC JSON echo on Tomcat, bound to the
 * loopback interface, with default settings (keep-alive on). It prints {@code benchmark-ready}
 * once Tomcat accepts connections.
 */
@SpringBootApplication
@RestController
public class MvcEchoApplication {

	public static void main(String[] args) {
		SpringApplication.run(MvcEchoApplication.class, args);
	}

	@PostMapping("/echo")
	public Message echo(@RequestBody Message message) {
		return message;
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		System.out.println("benchmark-ready");
	}

	/**
	 * The echoed body, {@code {"text": "..."}}.
	 * @param text the payload
	 */
	public record Message(String text) {
	}

}
