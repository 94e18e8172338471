package dev.pipeipc.transport.windows.wine;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The two Win32 bridges a Wine test class needs, one for the server's calls and one for the
 * client's, started before its tests (skipping them when Wine is missing) and stopped after:
 * <pre class="code">
 * &#64;RegisterExtension
 * static final WineBridges bridges = new WineBridges();
 * </pre>
 */
final class WineBridges implements BeforeAllCallback, AfterAllCallback {

	private @Nullable WineNamedPipeApi serverSide;

	private @Nullable WineNamedPipeApi clientSide;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		WineToolchain.get().assumeAvailable();
		this.serverSide = WineNamedPipeApi.start();
		this.clientSide = WineNamedPipeApi.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.clientSide != null) {
			this.clientSide.close();
		}
		if (this.serverSide != null) {
			this.serverSide.close();
		}
	}

	/**
	 * The bridge that makes the server's Win32 calls.
	 * @return the bridge
	 */
	WineNamedPipeApi serverSide() {
		return started(this.serverSide);
	}

	/**
	 * The bridge that makes the client's Win32 calls.
	 * @return the bridge
	 */
	WineNamedPipeApi clientSide() {
		return started(this.clientSide);
	}

	private static WineNamedPipeApi started(@Nullable WineNamedPipeApi bridge) {
		if (bridge == null) {
			throw new IllegalStateException("Wine bridges are not started; register WineBridges as a static extension");
		}
		return bridge;
	}

}
