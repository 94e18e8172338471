package dev.pipeipc.client.registry;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;

import dev.pipeipc.client.PipeClient;
import dev.pipeipc.client.PipeClientAdapter;
import dev.pipeipc.client.PipeServiceProxyFactory;

/**
 * Makes the client of one {@link dev.pipeipc.annotation.PipeExchange @PipeExchange} interface, a
 * {@link PipeServiceProxyFactory} proxy over the {@code <client>PipeClient} bean. Its definition
 * holds only the interface and the client bean's name, so that ahead-of-time processing can write
 * it as code.
 * @param <T> the interface
 */
final class PipeExchangeFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware {

	private static final String CLIENT_BEAN_SUFFIX = "PipeClient";

	private final Class<T> type;

	private final String clientBean;

	private @Nullable BeanFactory beanFactory;

	/**
	 * Create a factory for one interface.
	 * @param type the {@code @PipeExchange} interface
	 * @param clientBean the name of the {@link PipeClient} bean it calls through
	 */
	PipeExchangeFactoryBean(Class<T> type, String clientBean) {
		this.type = type;
		this.clientBean = clientBean;
	}

	/**
	 * The name of the client bean of a {@code pipe.clients.<id>} entry.
	 * @param clientId the id
	 * @return {@code <id>PipeClient}
	 */
	static String clientBeanName(String clientId) {
		return clientId + CLIENT_BEAN_SUFFIX;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public T getObject() {
		BeanFactory beanFactory = this.beanFactory;
		if (beanFactory == null) {
			throw new IllegalStateException("@ImportPipeExchanges for " + this.type.getName() + " needs the bean factory");
		}
		if (!beanFactory.containsBean(this.clientBean)) {
			throw new IllegalStateException("@ImportPipeExchanges for " + this.type.getName() + " names client bean '"
					+ this.clientBean + "', which does not exist; configure 'pipe.clients."
					+ this.clientBean.substring(0, this.clientBean.length() - CLIENT_BEAN_SUFFIX.length()) + ".pipe'");
		}
		PipeClient client = beanFactory.getBean(this.clientBean, PipeClient.class);
		return PipeServiceProxyFactory.builderFor(PipeClientAdapter.create(client)).build().createClient(this.type);
	}

	@Override
	public Class<T> getObjectType() {
		return this.type;
	}

}
