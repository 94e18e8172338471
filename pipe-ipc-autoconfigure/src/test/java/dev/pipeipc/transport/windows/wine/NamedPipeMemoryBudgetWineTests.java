package dev.pipeipc.transport.windows.wine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.codec.Framing;
import dev.pipeipc.server.TestPipeServer;
import dev.pipeipc.transport.windows.NamedPipeSettings;
import dev.pipeipc.transport.windows.NamedPipeTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under message framing the Win32 transport puts a message larger than its read buffer together
 * from parts; those parts count against the server's memory budget like a partly received body on
 * a Unix socket, and past the budget the other connections stop reading until memory is freed.
 * Four Win32 clients under Wine each write a 2 MiB message at once to a server whose budget is
 * 256 KiB: every message is served whole, and what the server holds never goes past the budget,
 * plus one message, plus one read per paused connection. Before, the parts were held outside the
 * budget: 255 instances times a 16 MiB message was the only bound.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs under Wine")
class NamedPipeMemoryBudgetWineTests {

	@RegisterExtension
	static final WineBridges bridges = new WineBridges();

	private static final int CLIENTS = 4;

	private static final int MESSAGE = 2 * 1024 * 1024;

	private static final long BUDGET = 256 * 1024;

	@Test
	void partsOfMessagesCountAgainstTheMemoryBudgetAndEveryMessageIsServedWhole() throws Exception {
		String address = "\\\\.\\pipe\\budget-" + UUID.randomUUID();
		NamedPipeTransport transport = new NamedPipeTransport(bridges.serverSide(), NamedPipeSettings.defaults());
		try (TestPipeServer server = TestPipeServer.on(address, transport).name("budget").raw(new Sizes())
			.framing(Framing.MESSAGE).maxMessageSize(4 * MESSAGE)
			.with((builder) -> builder.memoryBudget(BUDGET)).start()) {
			AtomicBoolean sending = new AtomicBoolean(true);
			AtomicLong mostHeld = new AtomicLong();
			Thread sampler = new Thread(() -> {
				while (sending.get()) {
					mostHeld.accumulateAndGet(server.server().getMemoryInUse(), Math::max);
					Thread.onSpinWait();
				}
			}, "budget-sampler");
			sampler.setDaemon(true);
			sampler.start();
			List<CompletableFuture<String>> replies = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				byte fill = (byte) ('a' + i);
				replies.add(CompletableFuture.supplyAsync(() -> send(address, fill)));
			}
			List<String> answers = new ArrayList<>();
			for (CompletableFuture<String> reply : replies) {
				answers.add(reply.get(120, TimeUnit.SECONDS));
			}
			sending.set(false);
			sampler.join();
			assertThat(answers).containsExactly(MESSAGE + " a", MESSAGE + " b", MESSAGE + " c", MESSAGE + " d");
			long bound = BUDGET + MESSAGE + (long) CLIENTS * NamedPipeSettings.DEFAULT_BUFFER_SIZE;
			assertThat(mostHeld.get()).as("most held by unfinished messages (the parts are counted)").isPositive()
				.isLessThanOrEqualTo(bound);
			assertThat(server.server().getMemoryInUse()).as("held once every message was served").isZero();
		}
	}

	private static String send(String address, byte fill) {
		try (WinePipeClientChannel channel = WinePipeClientChannel.open(bridges.clientSide(), address)) {
			byte[] message = new byte[MESSAGE];
			Arrays.fill(message, fill);
			channel.write(ByteBuffer.wrap(message));
			ByteBuffer reply = ByteBuffer.allocate(256);
			channel.read(reply);
			return new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Answers each message with its size and first byte, so the reply says it arrived whole. */
	static class Sizes {

		@PipeHandler
		byte[] size(byte[] message) {
			return (message.length + " " + (char) message[0]).getBytes(StandardCharsets.US_ASCII);
		}

	}

}
