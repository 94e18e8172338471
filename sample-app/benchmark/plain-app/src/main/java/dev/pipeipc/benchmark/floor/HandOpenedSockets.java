package dev.pipeipc.benchmark.floor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * Two Unix sockets opened with the JDK alone, each with a thread that accepts and closes
 * connections: the least that opening two pipes can add to a start, for the benchmark's
 * {@code --startup-variants hand-opened}. Outside the application's package, so that component
 * scanning never finds it; the benchmark adds it with
 * {@code --spring.main.sources=dev.pipeipc.benchmark.floor.HandOpenedSockets} and names the
 * directory with {@code --benchmark.socket-directory}.
 */
public class HandOpenedSockets implements SmartLifecycle {

	private final Path directory;

	private final List<ServerSocketChannel> channels = new ArrayList<>();

	private final List<Path> paths = new ArrayList<>();

	public HandOpenedSockets(Environment environment) {
		this.directory = Path.of(environment.getRequiredProperty("benchmark.socket-directory"));
	}

	@Override
	public void start() {
		try {
			for (String name : List.of("bench-json", "bench-raw")) {
				Path path = this.directory.resolve(name + ".sock");
				Files.deleteIfExists(path);
				ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
				channel.bind(UnixDomainSocketAddress.of(path));
				this.channels.add(channel);
				this.paths.add(path);
				Thread acceptor = new Thread(() -> accept(channel), name + "-acceptor");
				acceptor.setDaemon(true);
				acceptor.start();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open the benchmark's sockets in " + this.directory
					+ " (benchmark.socket-directory): " + ex.getMessage() + ". Name a directory the application can"
					+ " create files in.", ex);
		}
	}

	private static void accept(ServerSocketChannel channel) {
		while (channel.isOpen()) {
			try (SocketChannel connection = channel.accept()) {
				// Accepted and closed: only the opening is measured.
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void stop() {
		for (ServerSocketChannel channel : this.channels) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// Closing at shutdown: nothing left to do.
			}
		}
		this.channels.clear();
		// Closing a channel leaves its socket file; the next launch would find it.
		for (Path path : this.paths) {
			try {
				Files.deleteIfExists(path);
			}
			catch (IOException ex) {
				// Nothing left to do at shutdown.
			}
		}
		this.paths.clear();
	}

	@Override
	public boolean isRunning() {
		return !this.channels.isEmpty();
	}

}
