package dev.pipeipc.benchmark.pipe;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The benchmark's pipe-ipc server: the plain application plus the starter, serving a JSON-RPC echo
 * on {@code bench-json} and a raw byte echo on {@code bench-raw}. It prints {@code benchmark-ready}
 * once both pipes accept connections.
 */
@SpringBootApplication
public class PipeEchoApplication {

	public static void main(String[] args) {
		SpringApplication.run(PipeEchoApplication.class, args);
	}

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		System.out.println("benchmark-ready");
	}

}
