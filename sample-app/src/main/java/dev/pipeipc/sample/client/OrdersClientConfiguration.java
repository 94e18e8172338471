package dev.pipeipc.sample.client;

import org.springframework.context.annotation.Configuration;

import dev.pipeipc.client.registry.ImportPipeExchanges;

/**
 * Makes {@link OrdersClient} a bean that calls through the {@code pipe.clients.orders} client.
 */
@Configuration(proxyBeanMethods = false)
@ImportPipeExchanges(client = "orders", types = OrdersClient.class)
public class OrdersClientConfiguration {

}
