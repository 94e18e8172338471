package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.pipeipc.annotation.PipeExchange;
import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClientAdapter;
import dev.pipeipc.client.PipeClientException;
import dev.pipeipc.client.PipeServiceProxyFactory;
import dev.pipeipc.jsonrpc.JsonRpcException;

/**
 * pipe-ipc's own Java client: one {@link PipeClient} (one connection) per benchmark connection,
 * calling {@code echo} as an application would, either with {@link PipeClient#call} or through a
 * {@link PipeExchange @PipeExchange} proxy. Unlike the benchmark's minimal clients, the request is
 * written by Jackson on every call and the answer parsed back into a {@code String}, so this measures
 * what a Java application gets end to end, the client's work included.
 */
final class PipeClientConnection implements EchoConnection {

	/** The echo as an application declares it. */
	@PipeExchange
	interface EchoService {

		@PipeExchange("echo")
		String echo(String text);

	}

	private final PipeClient client;

	private final EchoService proxy;

	private final String text;

	private final int size;

	PipeClientConnection(Path directory, String pipe, boolean throughProxy, Payload payload) throws IOException {
		try {
			this.client = PipeClient.builder(pipe)
				.directory(directory.toString())
				.maxMessageSize(64 << 20)
				.build()
				.connect();
		}
		catch (PipeClientException ex) {
			throw new IOException("PipeClient could not connect to " + pipe + " in " + directory, ex);
		}
		this.proxy = throughProxy
				? PipeServiceProxyFactory.builderFor(PipeClientAdapter.create(this.client))
					.build()
					.createClient(EchoService.class)
				: null;
		this.text = payload.text();
		this.size = payload.size();
	}

	@Override
	public void echo() throws IOException {
		String answer;
		try {
			answer = (this.proxy != null) ? this.proxy.echo(this.text)
					: this.client.call("echo", List.of(this.text), String.class);
		}
		catch (PipeClientException | JsonRpcException ex) {
			throw new IOException("The pipe-ipc call failed: " + ex.getMessage(), ex);
		}
		EchoCheck.size("The pipe-ipc server, through PipeClient", this.size, (answer != null) ? answer.length() : -1);
	}

	@Override
	public void close() {
		this.client.close();
	}

}
