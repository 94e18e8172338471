package dev.pipeipc.server;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test opened (servers, clients), newest first, after each test, whether it passed
 * or not. Register it as a field:
 * <pre class="code">
 * &#64;RegisterExtension
 * final CloseAfterEach resources = new CloseAfterEach();
 * </pre>
 */
public final class CloseAfterEach implements AfterEachCallback {

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * Close a resource after the test.
	 * @param <T> its type
	 * @param resource the resource
	 * @return the resource
	 */
	public synchronized <T extends AutoCloseable> T add(T resource) {
		this.resources.add(resource);
		return resource;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		List<AutoCloseable> opened;
		synchronized (this) {
			opened = new ArrayList<>(this.resources);
			this.resources.clear();
		}
		Exception failure = null;
		for (int i = opened.size() - 1; i >= 0; i--) {
			try {
				opened.get(i).close();
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
		if (failure != null) {
			throw failure;
		}
	}

}
