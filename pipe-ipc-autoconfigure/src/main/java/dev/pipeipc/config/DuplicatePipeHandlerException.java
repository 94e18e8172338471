package dev.pipeipc.config;

/**
 * Thrown at startup when two handler methods claim the same JSON-RPC method name on one server.
 */
public class DuplicatePipeHandlerException extends IllegalStateException {

	private final PipeHandlerMethod existing;

	private final PipeHandlerMethod duplicate;

	/**
	 * Create a new exception.
	 * @param existing the endpoint registered first
	 * @param duplicate the endpoint that claims the same name
	 */
	public DuplicatePipeHandlerException(PipeHandlerMethod existing, PipeHandlerMethod duplicate) {
		super("JSON-RPC method '" + duplicate.getName() + "' on " + describeServer(duplicate.getServerId())
				+ " is handled twice: by bean '" + existing.getBeanName() + "' method "
				+ existing.getMethod().toGenericString() + " and by bean '" + duplicate.getBeanName() + "' method "
				+ duplicate.getMethod().toGenericString());
		this.existing = existing;
		this.duplicate = duplicate;
	}

	static String describeServer(String serverId) {
		return serverId.isEmpty() ? "the pipe.server server" : "server '" + serverId + "'";
	}

	public PipeHandlerMethod getExisting() {
		return this.existing;
	}

	public PipeHandlerMethod getDuplicate() {
		return this.duplicate;
	}

}
