package dev.pipeipc.benchmark.runner;

import java.net.http.HttpClient;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.io.IOException;

/**
 * Spring MVC through Spring's own client: {@link RestClient} over the JDK's {@link HttpClient}
 * (what {@code RestClient.create()} picks with no other HTTP client on the class path), posting a
 * {@code Message} record that Jackson writes and reads back, as an application would. All
 * connections of one run share one {@code RestClient}, as the beans of an application do; the JDK
 * client keeps a keep-alive connection per concurrent caller in its pool.
 */
final class RestClientConnection implements EchoConnection {

	/** The echo's body, the same record as the server's. */
	record Message(String text) {
	}

	private final RestClient client;

	private final Message request;

	private final int size;

	private RestClientConnection(RestClient client, Payload payload) {
		this.client = client;
		this.request = new Message(payload.text());
		this.size = payload.size();
	}

	/**
	 * A factory whose connections share one client, for the Spring MVC server on a port.
	 * @param port the server's port on 127.0.0.1
	 * @return the factory
	 */
	static EchoConnection.Factory factory(int port) {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		RestClient client = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(http))
			.baseUrl("http://127.0.0.1:" + port)
			.build();
		return (payload) -> new RestClientConnection(client, payload);
	}

	@Override
	public void echo() throws IOException {
		Message answer;
		try {
			answer = this.client.post()
				.uri("/echo")
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.request)
				.retrieve()
				.body(Message.class);
		}
		catch (RestClientException ex) {
			throw new IOException("The RestClient call failed: " + ex.getMessage(), ex);
		}
		EchoCheck.size("The MVC server, through RestClient", this.size,
				(answer != null && answer.text() != null) ? answer.text().length() : -1);
	}

	@Override
	public void close() {
		// the shared client keeps its pooled connections
	}

}
