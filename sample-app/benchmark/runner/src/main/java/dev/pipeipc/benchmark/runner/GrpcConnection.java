package dev.pipeipc.benchmark.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.StringValue;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;

/**
 * A gRPC-java client: one channel (one HTTP/2 connection) per benchmark connection, blocking unary
 * calls. The request holds its text as bytes, so each call serializes by copying, as the pipe
 * clients send pre-encoded bytes.
 */
final class GrpcConnection implements EchoConnection {

	private static final EventLoopGroup EVENT_LOOPS = GrpcEcho.epollGroup(0, "grpc-client");

	private final ManagedChannel channel;

	private final StringValue request;

	private final int size;

	GrpcConnection(Path socket, Payload payload) throws IOException {
		this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
			.channelType(EpollDomainSocketChannel.class)
			.eventLoopGroup(EVENT_LOOPS)
			.usePlaintext()
			// Netty's domain socket channel has no SO_KEEPALIVE; gRPC sets it and logs a warning per channel.
			.withOption(ChannelOption.SO_KEEPALIVE, null)
			.maxInboundMessageSize(GrpcEcho.MAX_MESSAGE_SIZE)
			.build();
		this.request = StringValue.newBuilder().setValueBytes(ByteString.copyFrom(payload.bytes())).build();
		this.size = payload.size();
	}

	@Override
	public void echo() throws IOException {
		try {
			BytesValue answer = ClientCalls.blockingUnaryCall(this.channel, GrpcEcho.ECHO_BYTES_ANSWER,
					CallOptions.DEFAULT, this.request);
			EchoCheck.size("The gRPC server", this.size, answer.getValue().size());
		}
		catch (StatusRuntimeException ex) {
			throw new IOException("The gRPC call failed: " + ex.getStatus(), ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
