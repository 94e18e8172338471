package dev.pipeipc.benchmark.pipe;

import dev.pipeipc.annotation.PipeHandler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * The echo handlers, written as an application would write them: the JSON-RPC one receives a
 * decoded string and returns it for the server to encode; the raw one returns the message bytes.
 * Left out with {@code --benchmark.handlers=false}, as the startup comparison's {@code idle}
 * variant does.
 */
@Component
@ConditionalOnBooleanProperty(name = "benchmark.handlers", matchIfMissing = true)
public class EchoHandlers {

	@PipeHandler("echo")
	public String echo(String text) {
		return text;
	}

	@PipeHandler(server = "raw")
	public byte[] echoBytes(byte[] message) {
		return message;
	}

}
