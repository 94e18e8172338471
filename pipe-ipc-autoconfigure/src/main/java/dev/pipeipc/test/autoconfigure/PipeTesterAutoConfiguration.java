package dev.pipeipc.test.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

import dev.pipeipc.autoconfigure.PipeAutoConfiguration;
import dev.pipeipc.server.PipeServer;
import dev.pipeipc.test.PipeTester;

/**
 * Auto-configuration of a {@link PipeTester} for the application's main pipe server (the bean
 * named {@value #MAIN_SERVER_BEAN}, else the only server), using the application's mapper.
 *
 * @see AutoConfigurePipeTester
 */
@AutoConfiguration(after = PipeAutoConfiguration.class)
@ConditionalOnClass(name = "org.assertj.core.api.Assert")
@ConditionalOnBean(PipeServer.class)
public final class PipeTesterAutoConfiguration {

	/** The bean name of the server configured by {@code pipe.server.*}. */
	static final String MAIN_SERVER_BEAN = "pipeServer";

	@Bean
	@ConditionalOnMissingBean
	PipeTester pipeTester(ListableBeanFactory beanFactory, ObjectProvider<JsonMapper> jsonMapper) {
		return PipeTester.forServer(mainServer(beanFactory), jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

	private static PipeServer mainServer(ListableBeanFactory beanFactory) {
		if (beanFactory.containsBean(MAIN_SERVER_BEAN)) {
			return beanFactory.getBean(MAIN_SERVER_BEAN, PipeServer.class);
		}
		String[] names = beanFactory.getBeanNamesForType(PipeServer.class);
		if (names.length != 1) {
			throw new NoSuchBeanDefinitionException(PipeServer.class, "A PipeTester calls the main pipe server (bean '"
					+ MAIN_SERVER_BEAN + "') or the only one, but there are " + names.length + ": "
					+ String.join(", ", names) + ". Define a PipeTester bean with PipeTester.forServer(server, mapper).");
		}
		return beanFactory.getBean(names[0], PipeServer.class);
	}

}
