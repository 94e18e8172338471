package dev.pipeipc.test;

import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;

/**
 * Handlers a {@code @PipeTest} of {@link GreetingHandlers} leaves out.
 */
@Component
public class AdminHandlers {

	@PipeHandler("admin.version")
	public String version() {
		return "1.0";
	}

}
