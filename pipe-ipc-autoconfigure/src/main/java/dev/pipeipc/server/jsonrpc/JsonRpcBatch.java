package dev.pipeipc.server.jsonrpc;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pipeipc.server.PipeProtocol.Reply;

/**
 * Answers a batch (JSON-RPC 2.0 section 6): every member is handled concurrently, and once all are
 * done their responses are sent as one array, in the order of the requests, leaving out
 * notifications; nothing at all when every member was a notification.
 */
final class JsonRpcBatch {

	private JsonRpcBatch() {
	}

	/**
	 * Handle each member of a non-empty batch and complete the reply with the joined responses.
	 * @param batch the batch, a non-empty array
	 * @param member handles one member; its future never completes exceptionally
	 * @param reply completed once with the batch response, or {@code null} if there is none
	 */
	static void answer(JsonNode batch, Function<JsonNode, CompletableFuture<@Nullable ResponseBody>> member, Reply reply) {
		@SuppressWarnings("unchecked")
		CompletableFuture<@Nullable ResponseBody>[] parts = new CompletableFuture[batch.size()];
		for (int i = 0; i < parts.length; i++) {
			parts[i] = member.apply(batch.get(i));
		}
		CompletableFuture.allOf(parts).whenComplete((ignored, ex) -> reply.complete(join(parts)));
	}

	private static byte @Nullable [] join(CompletableFuture<@Nullable ResponseBody>[] parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write('[');
		boolean any = false;
		for (CompletableFuture<@Nullable ResponseBody> part : parts) {
			// Parts never fail (every path answers with an error object instead); a part that did
			// anyway is left out rather than leaving the whole batch unanswered.
			ResponseBody body = part.exceptionally((ex) -> null).join();
			if (body != null) {
				if (any) {
					out.write(',');
				}
				out.writeBytes(body.toByteArray());
				any = true;
			}
		}
		out.write(']');
		return any ? out.toByteArray() : null;
	}

}
