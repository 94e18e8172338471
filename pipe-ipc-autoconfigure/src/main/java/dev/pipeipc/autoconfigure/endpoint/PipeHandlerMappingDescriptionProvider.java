package dev.pipeipc.autoconfigure.endpoint;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.actuate.web.mappings.MappingDescriptionProvider;
import org.springframework.context.ApplicationContext;

import dev.pipeipc.autoconfigure.ConfiguredPipeServers;
import dev.pipeipc.server.PipeServer;

/**
 * Lists the handler methods of every pipe server in {@code /actuator/mappings}, under
 * {@code pipeHandlers}, next to the web mappings: by server bean name, each route with its pipe.
 */
public class PipeHandlerMappingDescriptionProvider implements MappingDescriptionProvider {

	@Override
	public String getMappingName() {
		return "pipeHandlers";
	}

	@Override
	public Map<String, PipeServerMappings> describeMappings(ApplicationContext context) {
		Map<String, PipeServerMappings> mappings = new TreeMap<>();
		ConfiguredPipeServers configured = context.getBeanProvider(ConfiguredPipeServers.class).getIfAvailable();
		if (configured == null) {
			return mappings;
		}
		context.getBeansOfType(PipeServer.class).forEach((beanName, server) -> {
			List<PipeRouteDescriptor> routes = configured.getHandlers(server)
				.stream()
				.map(PipeRouteDescriptor::of)
				.sorted(Comparator.comparing(PipeRouteDescriptor::method))
				.toList();
			mappings.put(beanName, new PipeServerMappings(server.getName(), server.getAddress(), routes));
		});
		return mappings;
	}

	/**
	 * The routes of one server.
	 *
	 * @param pipe the pipe name
	 * @param address the socket path or Win32 pipe name
	 * @param routes its handler methods
	 */
	public record PipeServerMappings(String pipe, String address, List<PipeRouteDescriptor> routes) {

	}

}
