// tag::configuration[]
package com.example.orders.client;

import org.springframework.context.annotation.Configuration;

import dev.pipeipc.client.registry.ImportPipeExchanges;

@Configuration
@ImportPipeExchanges(client = "orders", types = OrdersClient.class)
public class ClientsConfiguration {

}
// end::configuration[]
