package dev.pipeipc.benchmark.runner;

import java.io.IOException;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ServerCalls;

/**
 * The gRPC-java echo server on a Unix socket with Netty's epoll transport and otherwise default
 * settings (including gRPC's default executor). Run by the benchmark in its own process:
 * {@code GrpcEchoServer <socket path>}.
 */
public final class GrpcEchoServer {

	private GrpcEchoServer() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		ServerServiceDefinition service = ServerServiceDefinition.builder("bench.Echo")
			.addMethod(GrpcEcho.ECHO, ServerCalls.asyncUnaryCall((request, answer) -> {
				answer.onNext(request);
				answer.onCompleted();
			}))
			.build();
		Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(args[0]))
			.channelType(EpollServerDomainSocketChannel.class)
			.bossEventLoopGroup(GrpcEcho.epollGroup(1, "grpc-boss"))
			.workerEventLoopGroup(GrpcEcho.epollGroup(0, "grpc-worker"))
			.maxInboundMessageSize(GrpcEcho.MAX_MESSAGE_SIZE)
			.addService(service)
			.build()
			.start();
		System.out.println("benchmark-ready");
		server.awaitTermination();
	}

}
