package dev.pipeipc.test;

import org.springframework.stereotype.Service;

/**
 * A collaborator of {@link GreetingHandlers}: not part of a {@code @PipeTest} slice, so tests
 * mock it.
 */
@Service
public class Greeter {

	public String greet(String name) {
		return "Hello, " + name;
	}

}
