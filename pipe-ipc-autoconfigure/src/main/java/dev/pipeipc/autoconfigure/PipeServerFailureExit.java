package dev.pipeipc.autoconfigure;

import java.util.function.IntConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;

import dev.pipeipc.server.PipeServer;

/**
 * What {@code pipe.server.on-failure=exit} does when a {@link PipeServer} catches an
 * unrecoverable error: close the application ({@link SpringApplication#exit}, which stops the
 * pipe servers gracefully), then end the JVM with {@value #EXIT_STATUS}, so that a supervisor
 * (systemd's {@code Restart=on-failure}, a container's restart policy) starts a fresh process.
 * A process that lives on after an {@link OutOfMemoryError} may serve nothing while it still
 * holds its pipe; exiting is the only repair.
 */
final class PipeServerFailureExit implements ApplicationContextAware {

	/** The exit status: {@code EX_SOFTWARE} of {@code sysexits.h}, an internal software error. */
	static final int EXIT_STATUS = 70;

	private static final Log logger = LogFactory.getLog(PipeServerFailureExit.class);

	private final IntConsumer exit;

	private @Nullable ApplicationContext context;

	PipeServerFailureExit() {
		this(System::exit);
	}

	/**
	 * An exit with its own way to end the JVM, for tests.
	 * @param exit called with the exit status
	 */
	PipeServerFailureExit(IntConsumer exit) {
		this.exit = exit;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * Close the application and end the JVM.
	 * @param pipeName the failed server's pipe
	 * @param failure the unrecoverable error
	 */
	void exit(String pipeName, Throwable failure) {
		logger.error("Pipe server '" + pipeName + "' is failed (" + failure + ") and 'on-failure' is 'exit': "
				+ "closing the application and exiting with status " + EXIT_STATUS);
		int status = EXIT_STATUS;
		ApplicationContext current = this.context;
		try {
			if (current != null) {
				status = SpringApplication.exit(current, () -> EXIT_STATUS);
				if (status == 0) {
					status = EXIT_STATUS;
				}
			}
		}
		catch (RuntimeException | Error ex) {
			logger.error("Closing the application after pipe server '" + pipeName + "' failed threw; exiting anyway",
					ex);
		}
		finally {
			this.exit.accept(status);
		}
	}

}
