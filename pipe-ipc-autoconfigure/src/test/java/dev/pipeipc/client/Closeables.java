package dev.pipeipc.client;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opened, closed after it in reverse order: the one place client tests release their
 * clients, servers and gates.
 * <pre class="code">
 * &#64;RegisterExtension
 * final Closeables closeables = new Closeables();
 *
 * PipeClient client = this.closeables.add(PipeClient.builder(path).build());
 * </pre>
 */
public final class Closeables implements AfterEachCallback {

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * Close a resource after the test.
	 * @param <T> the resource type
	 * @param resource the resource
	 * @return the resource
	 */
	public <T extends AutoCloseable> T add(T resource) {
		this.resources.add(resource);
		return resource;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		Exception failure = null;
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			try {
				this.resources.get(i).close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		this.resources.clear();
		if (failure != null) {
			throw failure;
		}
	}

}
