package dev.pipeipc.transport.windows;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.pipeipc.transport.PipeConnection;
import dev.pipeipc.transport.PipeConnectionHandler;
import dev.pipeipc.transport.PipeConnectionLimitException;
import dev.pipeipc.transport.PipeConnectionListener;
import dev.pipeipc.transport.PipeListenOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The connection limit of a Win32 named pipe, without Win32: what {@code CreateNamedPipe} is
 * asked for, when the listener may create another instance, and that a limit Windows cannot
 * enforce fails naming the value and the range instead of being quietly changed.
 */
class InstanceLimitTests {

	private static final String ADDRESS = "\\\\.\\pipe\\orders";

	private static final PipeConnectionListener NO_CONNECTIONS = new PipeConnectionListener() {

		@Override
		public PipeConnectionHandler connected(PipeConnection connection) {
			throw new AssertionError("No connection expected");
		}

		@Override
		public void refused(PipeConnection connection) {
			throw new AssertionError("No connection expected");
		}

	};

	@Test
	void noLimitAsksWindowsForUnlimitedInstancesAndNeverStopsTheListener() throws PipeConnectionLimitException {
		InstanceLimit limit = InstanceLimit.of(ADDRESS, -1);
		assertThat(limit.isUnlimited()).isTrue();
		assertThat(limit.win32MaxInstances()).isEqualTo(NamedPipeTransport.PIPE_UNLIMITED_INSTANCES).isEqualTo(255);
		assertThat(limit.allowsAnother(10_000)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 100, 254 })
	void limitWindowsCanEnforceIsPassedAsItIs(int connections) throws PipeConnectionLimitException {
		InstanceLimit limit = InstanceLimit.of(ADDRESS, connections);
		assertThat(limit.win32MaxInstances()).isEqualTo(connections);
		assertThat(limit.allowsAnother(connections - 1)).isTrue();
		assertThat(limit.allowsAnother(connections)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 255, 256, 1024, Integer.MAX_VALUE })
	void limitWindowsCannotEnforceFailsNamingTheValueAndTheRange(int connections) {
		assertThatExceptionOfType(PipeConnectionLimitException.class)
			.isThrownBy(() -> InstanceLimit.of(ADDRESS, connections))
			.satisfies((ex) -> {
				assertThat(ex.getAddress()).isEqualTo(ADDRESS);
				assertThat(ex.getRequested()).isEqualTo(connections);
				assertThat(ex.getMinimum()).isEqualTo(1);
				assertThat(ex.getMaximum()).isEqualTo(NamedPipeTransport.MAX_CONNECTION_LIMIT).isEqualTo(254);
				assertThat(ex.getMessage()).contains("'" + ADDRESS + "'", "to " + connections + ":",
						"Win32 named pipes", "1 to 254", "-1 for no limit");
			});
	}

	@Test
	void transportRefusesAnUnenforceableLimitBeforeAnyWin32Call() {
		List<String> calls = new ArrayList<>();
		NamedPipeApi api = (NamedPipeApi) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { NamedPipeApi.class }, (proxy, method, args) -> {
					calls.add(method.getName());
					throw new AssertionError("No Win32 call expected, got " + method.getName());
				});
		NamedPipeTransport transport = new NamedPipeTransport(api, NamedPipeSettings.defaults());
		PipeListenOptions options = new PipeListenOptions("orders", ADDRESS, 1024, Duration.ofMinutes(1), false,
				1024);
		assertThatExceptionOfType(PipeConnectionLimitException.class)
			.isThrownBy(() -> transport.listen(options, NO_CONNECTIONS))
			.satisfies((ex) -> assertThat(ex.getRequested()).isEqualTo(1024));
		assertThat(calls).isEmpty();
	}

	@Test
	void instanceIsCreatedWithTheWin32FormOfTheLimit() throws Exception {
		List<Object> created = new ArrayList<>();
		NamedPipeApi api = (NamedPipeApi) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { NamedPipeApi.class }, (proxy, method, args) -> {
					assertThat(method.getName()).isEqualTo("create");
					created.add(args[2]);
					return 42L;
				});
		NamedPipeTransport transport = new NamedPipeTransport(api, NamedPipeSettings.defaults());
		assertThat(transport.createInstance(ADDRESS, true, InstanceLimit.of(ADDRESS, -1))).isEqualTo(42L);
		assertThat(transport.createInstance(ADDRESS, false, InstanceLimit.of(ADDRESS, 7))).isEqualTo(42L);
		assertThat(created).containsExactly(255, 7);
	}

}
