package dev.pipeipc.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipePeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MemoryBudget}: grants in full while memory is left, then only what is needed; pauses the
 * connections that hold part of a body once it is spent, but never the last one still reading; and
 * resumes them when memory is given back. Recording connections, no socket.
 */
class MemoryBudgetTests {

	private final MemoryBudget budget = new MemoryBudget(100);

	@Test
	void grantsWhatIsWantedWhileMemoryIsLeftThenOnlyWhatIsNeeded() {
		MemoryBudget.Account account = this.budget.open(new RecordingConnection());
		assertThat(account.reserve(80, 10)).isEqualTo(80);
		assertThat(account.reserve(40, 5)).isEqualTo(5);
		assertThat(this.budget.used()).isEqualTo(85);
		account.release(85);
		assertThat(this.budget.used()).isZero();
	}

	@Test
	void spentBudgetPausesHoldersButTheLastOneReadingAndRoomResumesThem() {
		RecordingConnection first = new RecordingConnection();
		RecordingConnection second = new RecordingConnection();
		RecordingConnection third = new RecordingConnection();
		MemoryBudget.Account a = this.budget.open(first);
		MemoryBudget.Account b = this.budget.open(second);
		MemoryBudget.Account c = this.budget.open(third);
		a.reserve(60, 60);
		b.reserve(50, 50);
		c.reserve(10, 10);
		a.pauseIfExhausted();
		b.pauseIfExhausted();
		c.pauseIfExhausted();
		assertThat(first.pauses).containsExactly(true);
		assertThat(second.pauses).containsExactly(true);
		assertThat(third.pauses).as("the last holder still reading").isEmpty();
		c.release(10);
		assertThat(first.pauses).as("nobody holding a body reads: the first paused resumes").containsExactly(true, false);
		assertThat(second.pauses).containsExactly(true);
		a.release(60);
		assertThat(second.pauses).as("room again").containsExactly(true, false);
	}

	@Test
	void connectionWithoutAPartialBodyIsNeverPausedAndClosingGivesEverythingBack() {
		RecordingConnection idle = new RecordingConnection();
		RecordingConnection holder = new RecordingConnection();
		MemoryBudget.Account quiet = this.budget.open(idle);
		MemoryBudget.Account big = this.budget.open(holder);
		big.reserve(150, 150);
		quiet.pauseIfExhausted();
		assertThat(idle.pauses).isEmpty();
		big.releaseAll();
		assertThat(this.budget.used()).isZero();
	}

	static final class RecordingConnection implements PipeConnection {

		final List<Boolean> pauses = new ArrayList<>();

		@Override
		public long id() {
			return 1;
		}

		@Override
		public @Nullable PipePeer peer() {
			return null;
		}

		@Override
		public void write(ByteBuffer... buffers) {
		}

		@Override
		public void pauseReading(boolean paused) {
			this.pauses.add(paused);
		}

		@Override
		public void closeAfterWrites() {
		}

		@Override
		public void close() {
		}

		@Override
		public boolean isOpen() {
			return true;
		}

	}

}
