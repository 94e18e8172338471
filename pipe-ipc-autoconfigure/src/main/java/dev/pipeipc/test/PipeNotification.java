package dev.pipeipc.test;

import tools.jackson.databind.JsonNode;

/**
 * A notification a server pushed to the tester's connection.
 *
 * @param method the notification's method
 * @param params its params (a missing node when it has none)
 */
public record PipeNotification(String method, JsonNode params) {

	@Override
	public String toString() {
		return "'" + this.method + "' " + (this.params.isMissingNode() ? "without params" : this.params);
	}

}
