package dev.pipeipc.client.registry;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Makes {@link dev.pipeipc.annotation.PipeExchange @PipeExchange} interfaces injectable beans that
 * call through the client configured as {@code pipe.clients.<client>.*}:
 * <pre class="code">
 * &#64;Configuration
 * &#64;ImportPipeExchanges(client = "orders", types = OrdersClient.class)
 * class ClientsConfiguration {
 * }
 * </pre>
 * Each interface becomes one bean named after it ({@code ordersClient} for {@code OrdersClient}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(ImportPipeExchanges.Container.class)
@Import(PipeExchangesRegistrar.class)
public @interface ImportPipeExchanges {

	/**
	 * The client id, as in {@code pipe.clients.<id>.*}; its bean is {@code <id>PipeClient}.
	 * @return the client id
	 */
	String client();

	/**
	 * The interfaces to create clients for.
	 * @return the interfaces
	 */
	Class<?>[] types();

	/**
	 * Holds repeated {@link ImportPipeExchanges} annotations.
	 */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@Import(PipeExchangesRegistrar.class)
	@interface Container {

		ImportPipeExchanges[] value();

	}

}
