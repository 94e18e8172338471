package dev.pipeipc.transport.windows;

import org.jspecify.annotations.Nullable;

import dev.pipeipc.transport.PipePeerAuthorizer;

/**
 * Windows-specific settings of a named pipe server.
 *
 * @param inBufferSize the input buffer size hint passed to {@code CreateNamedPipe}, in bytes
 * @param outBufferSize the output buffer size hint passed to {@code CreateNamedPipe}, in bytes
 * @param securityDescriptor the security descriptor in SDDL form applied to every instance, or
 * {@code null} for {@link #OWNER_ONLY}
 * @param allowRemoteClients whether clients on other machines may connect (over SMB)
 * @param authorizer decides when a client connects, before any byte is read, whom to serve
 */
public record NamedPipeSettings(int inBufferSize, int outBufferSize, @Nullable String securityDescriptor,
		boolean allowRemoteClients, PipePeerAuthorizer authorizer) {

	/**
	 * Create settings that serve every client the security descriptor lets in.
	 * @param inBufferSize the input buffer size hint passed to {@code CreateNamedPipe}, in bytes
	 * @param outBufferSize the output buffer size hint passed to {@code CreateNamedPipe}, in bytes
	 * @param securityDescriptor the security descriptor in SDDL form applied to every instance, or
	 * {@code null} for {@link #OWNER_ONLY}
	 * @param allowRemoteClients whether clients on other machines may connect (over SMB)
	 */
	public NamedPipeSettings(int inBufferSize, int outBufferSize, @Nullable String securityDescriptor,
			boolean allowRemoteClients) {
		this(inBufferSize, outBufferSize, securityDescriptor, allowRemoteClients, PipePeerAuthorizer.ALLOW_ALL);
	}

	/**
	 * Full control for the pipe's owner (the user running the server), the local system account
	 * and administrators; no access for anyone else. {@code P} protects the DACL from inherited
	 * entries.
	 */
	public static final String OWNER_ONLY = "D:P(A;;GA;;;OW)(A;;GA;;;SY)(A;;GA;;;BA)";

	/** Default buffer size hint: 64 KiB each way. */
	public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

	/**
	 * Defaults: 64 KiB buffers, owner-only access, local clients only.
	 * @return the settings
	 */
	public static NamedPipeSettings defaults() {
		return new NamedPipeSettings(DEFAULT_BUFFER_SIZE, DEFAULT_BUFFER_SIZE, null, false);
	}

	/**
	 * The SDDL applied to every instance.
	 * @return the configured descriptor, else {@link #OWNER_ONLY}
	 */
	public String effectiveSecurityDescriptor() {
		return (this.securityDescriptor != null && !this.securityDescriptor.isBlank()) ? this.securityDescriptor
				: OWNER_ONLY;
	}

}
