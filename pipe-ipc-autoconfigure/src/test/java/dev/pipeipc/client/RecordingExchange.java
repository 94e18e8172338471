package dev.pipeipc.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

import dev.pipeipc.server.PipeTestClient;

/**
 * A {@link RemoteEnumerator.Exchange} that records each pull and abort and lets the test answer
 * the pulls, in the style of the recording doubles of Spring's HTTP interface client tests.
 */
final class RecordingExchange implements RemoteEnumerator.Exchange {

	final List<CompletableFuture<JsonNode>> pulls = new ArrayList<>();

	final List<String> pulledTokens = new ArrayList<>();

	final List<String> abortedTokens = new ArrayList<>();

	@Override
	public synchronized CompletableFuture<JsonNode> next(JsonNode token) {
		CompletableFuture<JsonNode> pull = new CompletableFuture<>();
		this.pulls.add(pull);
		this.pulledTokens.add(token.toString());
		return pull;
	}

	@Override
	public synchronized void abort(JsonNode token) {
		this.abortedTokens.add(token.toString());
	}

	synchronized CompletableFuture<JsonNode> lastPull() {
		return this.pulls.get(this.pulls.size() - 1);
	}

	/** Answer the last pull with a JSON result. */
	void answer(String resultJson) {
		lastPull().complete(json(resultJson));
	}

	static JsonNode json(String text) {
		return PipeTestClient.parse(text);
	}

}
