// tag::raw-handler[]
package com.example.legacy;

import org.springframework.stereotype.Component;

import dev.pipeipc.annotation.PipeHandler;
import dev.pipeipc.server.PipeSession;

@Component
public class LegacyHandler {

	@PipeHandler   // byte[], String (UTF-8) or ByteBuffer in; the same or void out
	public String handle(String request, PipeSession session) {
		return "ack " + request;
	}

}
// end::raw-handler[]
