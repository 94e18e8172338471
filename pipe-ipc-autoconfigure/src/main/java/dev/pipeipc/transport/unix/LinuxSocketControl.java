package dev.pipeipc.transport.unix;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * {@link NativeSocketControl} for Linux, through JNA: {@code shutdown(fd, SHUT_RD)} and
 * {@code poll} on the socket's descriptor.
 * <p>
 * The JDK does not expose a channel's descriptor, so it is found by a mark only this process sets:
 * each connection's {@code SO_LINGER} is set to a distinct number of seconds (Linux ignores
 * {@code SO_LINGER} on Unix domain sockets), the process's descriptors in {@code /proc/self/fd}
 * are asked for theirs, and the marks are cleared again. A mark seen on two descriptors leaves
 * the connection unresolved, and it falls back to the JDK.
 * <p>
 * What Linux does, checked on the machine this was written on (kernel 6.x): after
 * {@code shutdown(fd, SHUT_RD)} on an {@code AF_UNIX} stream socket, the peer's next write fails
 * with {@code EPIPE}, while the bytes queued before stay readable, followed by end of stream.
 * {@code poll} reports {@code POLLRDHUP} once the peer shut its sending side, and {@code POLLHUP}
 * too only once it closed the socket (or its process ended).
 */
final class LinuxSocketControl implements NativeSocketControl {

	private static final Log logger = LogFactory.getLog(LinuxSocketControl.class);

	private static final int SOL_SOCKET = 1;

	private static final int SO_LINGER = 13;

	private static final int SO_DOMAIN = 39;

	private static final int AF_UNIX = 1;

	private static final int SHUT_RD = 0;

	private static final short POLLHUP = 0x10;

	/** Largest {@code SO_LINGER} the JDK sets; marks are 1 to this. */
	private static final int MAX_MARK = 65535;

	private static final Path DESCRIPTORS = Path.of("/proc/self/fd");

	/** Marks are process-wide: one search at a time. */
	private static final Object searching = new Object();

	private final CLibrary c;

	LinuxSocketControl() {
		this.c = Native.load("c", CLibrary.class);
	}

	@Override
	public boolean isAvailable() {
		return true;
	}

	@Override
	public boolean shutdownInput(UnixSocketConnection connection) {
		int fd = descriptorOf(connection);
		if (fd < 0) {
			return false;
		}
		if (this.c.shutdown(fd, SHUT_RD) != 0) {
			logger.debug("shutdown(SHUT_RD) failed on pipe connection " + connection.id() + " (errno "
					+ Native.getLastError() + ")");
			return false;
		}
		return true;
	}

	@Override
	public boolean isPeerGone(UnixSocketConnection connection) {
		int fd = descriptorOf(connection);
		if (fd < 0) {
			return false;
		}
		try (Memory pollfd = new Memory(8)) {
			pollfd.setInt(0, fd);
			pollfd.setShort(4, (short) 0);
			pollfd.setShort(6, (short) 0);
			if (this.c.poll(pollfd, new NativeLong(1), 0) < 0) {
				return false;
			}
			return (pollfd.getShort(6) & POLLHUP) != 0;
		}
	}

	/**
	 * The descriptor of a connection registered with the calling loop, found now if need be.
	 * @return the descriptor, or {@code -1} if the channel is closed or no longer registered (its
	 * descriptor may be released) or the descriptor cannot be found
	 */
	private int descriptorOf(UnixSocketConnection connection) {
		SocketChannel channel = connection.channel();
		if (!channel.isOpen() || !channel.isRegistered()) {
			return -1;
		}
		if (connection.descriptor() == UnixSocketConnection.UNRESOLVED) {
			resolve(List.of(connection));
		}
		return connection.descriptor();
	}

	@Override
	public void resolve(Collection<UnixSocketConnection> connections) {
		List<UnixSocketConnection> unresolved = new ArrayList<>();
		for (UnixSocketConnection connection : connections) {
			if (connection.descriptor() == UnixSocketConnection.UNRESOLVED && connection.isOpen()) {
				unresolved.add(connection);
			}
		}
		synchronized (searching) {
			for (int from = 0; from < unresolved.size(); from += MAX_MARK) {
				resolveMarked(unresolved.subList(from, Math.min(unresolved.size(), from + MAX_MARK)));
			}
		}
	}

	private void resolveMarked(List<UnixSocketConnection> connections) {
		Map<Integer, UnixSocketConnection> byMark = new HashMap<>();
		for (UnixSocketConnection connection : connections) {
			int mark = byMark.size() + 1;
			if (setLinger(connection.channel(), mark)) {
				byMark.put(mark, connection);
			}
			else {
				connection.descriptorResolved(UnixSocketConnection.NOT_FOUND);
			}
		}
		Map<Integer, Integer> found = new HashMap<>();
		try {
			findMarked(byMark, found);
		}
		finally {
			for (UnixSocketConnection connection : byMark.values()) {
				setLinger(connection.channel(), -1);
			}
		}
		byMark.forEach((mark, connection) -> {
			Integer fd = found.get(mark);
			connection.descriptorResolved((fd != null) ? fd : UnixSocketConnection.NOT_FOUND);
		});
	}

	/**
	 * Ask every descriptor of the process for its mark.
	 * @param byMark the connections by the mark they carry
	 * @param found filled with the descriptor of each mark seen on exactly one Unix socket; a mark
	 * seen twice maps to {@code NOT_FOUND}
	 */
	private void findMarked(Map<Integer, UnixSocketConnection> byMark, Map<Integer, Integer> found) {
		if (byMark.isEmpty()) {
			return;
		}
		int[] linger = new int[2];
		int[] domain = new int[1];
		int[] length = new int[1];
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(DESCRIPTORS)) {
			for (Path entry : entries) {
				int fd = parseDescriptor(entry.getFileName().toString());
				length[0] = 8;
				if (fd < 0 || this.c.getsockopt(fd, SOL_SOCKET, SO_LINGER, linger, length) != 0 || linger[0] == 0
						|| !byMark.containsKey(linger[1])) {
					continue;
				}
				length[0] = 4;
				if (this.c.getsockopt(fd, SOL_SOCKET, SO_DOMAIN, domain, length) != 0 || domain[0] != AF_UNIX) {
					continue;
				}
				found.merge(linger[1], fd, (first, second) -> UnixSocketConnection.NOT_FOUND);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not list " + DESCRIPTORS + " to find socket descriptors", ex);
		}
	}

	private static int parseDescriptor(String name) {
		try {
			return Integer.parseInt(name);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static boolean setLinger(SocketChannel channel, int seconds) {
		try {
			channel.setOption(StandardSocketOptions.SO_LINGER, seconds);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The C library functions used, as JNA maps them.
	 */
	interface CLibrary extends Library {

		int shutdown(int fd, int how);

		int getsockopt(int fd, int level, int name, int[] value, int[] length);

		int poll(Pointer fds, NativeLong count, int timeout);

	}

}
