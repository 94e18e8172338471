package dev.pipeipc.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.client.PipeCallObserver;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.transport.windows.NamedPipeApi;

/**
 * Builds a {@link PipeClient} from its {@code pipe.clients.<id>} properties. A setting left unset
 * is not passed on, so that the builder's default applies.
 */
final class PipeClientFactory {

	private final ObjectProvider<JsonMapper> jsonMapper;

	private final ObjectProvider<NamedPipeApi> namedPipeApi;

	private final @Nullable ObjectProvider<PipeCallObserver> callObserver;

	PipeClientFactory(ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<NamedPipeApi> namedPipeApi) {
		this(jsonMapper, namedPipeApi, null);
	}

	PipeClientFactory(ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<NamedPipeApi> namedPipeApi,
			@Nullable ObjectProvider<PipeCallObserver> callObserver) {
		this.jsonMapper = jsonMapper;
		this.namedPipeApi = namedPipeApi;
		this.callObserver = callObserver;
	}

	/**
	 * Create the client for one configuration entry.
	 * @param id the client id
	 * @param properties its properties, already validated
	 * @return the client, not yet connected
	 */
	PipeClient create(String id, PipeClientProperties properties) {
		String pipe = properties.getPipe();
		PipeClient.Builder builder = PipeClient.builder((pipe != null && !pipe.isBlank()) ? pipe : id)
			.directory(properties.getDirectory())
			.serverUser(properties.getServerUser())
			.requestTimeout(properties.getRequestTimeout())
			.mapper(this.jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()))
			.jsonReadLimits(properties.getJson().toLimits());
		Framing framing = properties.getFraming();
		if (framing != null) {
			builder.framing(framing);
		}
		Duration connectTimeout = properties.getConnectTimeout();
		if (connectTimeout != null) {
			builder.connectTimeout(connectTimeout);
		}
		DataSize maxMessageSize = properties.getMaxMessageSize();
		if (maxMessageSize != null) {
			// PipePropertiesValidator has checked that it fits an int.
			builder.maxMessageSize(Math.toIntExact(maxMessageSize.toBytes()));
		}
		if (properties.isReconnect()) {
			builder.reconnect(properties.getReconnectBackoff(), properties.getMaxReconnectBackoff());
		}
		NamedPipeApi api = this.namedPipeApi.getIfUnique();
		if (api != null) {
			builder.namedPipeApi(api);
		}
		PipeCallObserver observer = (this.callObserver != null) ? this.callObserver.getIfUnique() : null;
		if (observer != null) {
			builder.callObserver(observer);
		}
		return builder.build();
	}

}
