package dev.pipeipc.sample;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.pipeipc.sample.cli.PipeBench;
import dev.pipeipc.sample.cli.PipeCall;
import dev.pipeipc.sample.cli.PipeDiscover;
import dev.pipeipc.sample.cli.PipeSoak;

/**
 * A local order desk: other processes on this machine create, look up and cancel orders over the
 * {@code orders} pipe with JSON-RPC.
 * <p>
 * With {@code call} as its first argument the jar is a command-line client instead: it calls one
 * method with {@link PipeCall} and exits, without starting Spring. With {@code bench} it is a load
 * generator, {@link PipeBench}, likewise without Spring; with {@code discover} it prints what a
 * pipe's server serves, with {@link PipeDiscover}; with {@code soak} a long-running load that
 * reports drift and the server's growth, {@link PipeSoak}.
 */
@SpringBootApplication
public class OrdersApplication {

	public static void main(String[] args) {
		if (args.length > 0 && PipeCall.COMMAND.equals(args[0])) {
			System.exit(PipeCall.execute(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && PipeDiscover.COMMAND.equals(args[0])) {
			System.exit(PipeDiscover.execute(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && PipeBench.COMMAND.equals(args[0])) {
			System.exit(PipeBench.execute(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (args.length > 0 && PipeSoak.COMMAND.equals(args[0])) {
			System.exit(PipeSoak.execute(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(OrdersApplication.class, args);
	}

}
