package dev.pipeipc.transport.windows;

import java.io.IOException;

/**
 * A Win32 call on a named pipe failed; carries the {@code GetLastError} code.
 */
public class NamedPipeException extends IOException {

	private final int errorCode;

	/**
	 * Create a new exception.
	 * @param operation the Win32 function that failed, such as {@code ConnectNamedPipe}
	 * @param errorCode the Win32 error code
	 */
	public NamedPipeException(String operation, int errorCode) {
		super(operation + " failed with Win32 error " + errorCode);
		this.errorCode = errorCode;
	}

	/**
	 * The Win32 error code.
	 * @return the code
	 */
	public int getErrorCode() {
		return this.errorCode;
	}

}
