package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;

import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;
import dev.pipeipc.transport.PipeListener;
import dev.pipeipc.transport.PipeTransport;

/**
 * Serves pipes as Unix domain sockets through the JDK, the way .NET maps named pipes on Linux and
 * macOS. One accept thread per pipe hands connections to a small set of {@link SelectorLoop}s
 * that read without blocking, so a thousand mostly idle connections cost a thousand sockets, not
 * a thousand threads.
 */
public final class UnixSocketTransport implements PipeTransport {

	private final int ioThreads;

	private final UnixSocketSettings settings;

	/**
	 * Create a transport with one I/O thread per two processors (at least one, at most four).
	 */
	public UnixSocketTransport() {
		this(defaultIoThreads());
	}

	/**
	 * Create a transport with {@linkplain UnixSocketSettings#defaults() default settings}.
	 * @param ioThreads the number of selector threads per pipe
	 */
	public UnixSocketTransport(int ioThreads) {
		this(ioThreads, UnixSocketSettings.defaults());
	}

	/**
	 * Create a transport with one I/O thread per two processors (at least one, at most four).
	 * @param settings who may connect and where the socket may live
	 */
	public UnixSocketTransport(UnixSocketSettings settings) {
		this(defaultIoThreads(), settings);
	}

	/**
	 * Create a transport.
	 * @param ioThreads the number of selector threads per pipe
	 * @param settings who may connect and where the socket may live
	 */
	public UnixSocketTransport(int ioThreads, UnixSocketSettings settings) {
		this.ioThreads = ioThreads;
		this.settings = settings;
	}

	private static int defaultIoThreads() {
		return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
	}

	@Override
	public PipeListener listen(PipeListenOptions options, PipeConnectionListener listener) throws IOException {
		Path path = Path.of(options.address());
		SocketFile socketFile = new SocketFile(path, this.settings);
		ServerSocketChannel server = socketFile.bind(() -> ServerSocketChannel.open(StandardProtocolFamily.UNIX));
		UnixSocketListener unixListener = new UnixSocketListener(options, server, socketFile, listener, this.ioThreads,
				this.settings.authorizer());
		unixListener.start();
		return unixListener;
	}

	/**
	 * The longest socket path the JDK accepts, in bytes: {@code sizeof(sun_path) - 2}, that is 106
	 * on Linux (108-byte {@code sun_path}) and 102 on macOS and the BSDs (104 bytes).
	 * @return the limit
	 */
	public static int maxPathBytes() {
		String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
		return os.contains("linux") ? 106 : 102;
	}

	/**
	 * The user this process runs as: its name and, where the JDK tells it, its numeric id, as an
	 * allow-list names it.
	 * @return the name, then the uid if known
	 */
	public static List<String> currentUser() {
		long uid = CurrentUser.uid();
		return (uid >= 0) ? List.of(CurrentUser.name(), Long.toString(uid)) : List.of(CurrentUser.name());
	}

	static UnixDomainSocketAddress address(Path path) {
		return UnixDomainSocketAddress.of(path);
	}

}
