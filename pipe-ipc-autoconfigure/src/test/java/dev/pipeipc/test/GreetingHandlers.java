package dev.pipeipc.test;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.jsonrpc.JsonRpcException;
import dev.pipeipc.server.PipeSession;

/**
 * The handlers under test.
 */
@Component
public class GreetingHandlers {

	/** Error code of a blank name. */
	public static final int BLANK_NAME = 4001;

	private final Greeter greeter;

	public GreetingHandlers(Greeter greeter) {
		this.greeter = greeter;
	}

	@PipeHandler("greet")
	public Greeting greet(String name) {
		if (name.isBlank()) {
			throw new JsonRpcException(BLANK_NAME, "A greeting needs a name", Map.of("name", name));
		}
		String text = this.greeter.greet(name);
		return new Greeting(text, text.length());
	}

	@PipeHandler("subscribe")
	public void subscribe(String topic, PipeSession session) {
		session.notify("topic.opened", Map.of("topic", topic));
	}

}
