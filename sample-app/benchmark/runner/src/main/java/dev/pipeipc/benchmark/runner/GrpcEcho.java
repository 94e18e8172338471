package dev.pipeipc.benchmark.runner;

import com.google.protobuf.BytesValue;
import com.google.protobuf.StringValue;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.protobuf.ProtoUtils;

/**
 * The gRPC echo service, {@code rpc Echo(google.protobuf.StringValue) returns
 * (google.protobuf.StringValue)}, described in code so that the benchmark needs no protoc.
 */
final class GrpcEcho {

	static final MethodDescriptor<StringValue, StringValue> ECHO = MethodDescriptor
		.<StringValue, StringValue>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName("bench.Echo", "Echo"))
		.setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.build();

	/** Raised from gRPC's 4 MiB default so that the 16 MiB echo fits, as it is for the pipes. */
	static final int MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

	private GrpcEcho() {
	}

	/**
	 * The same method as the client sees it: the answer read as {@code BytesValue}, identical on
	 * the wire, so the client counts the echoed bytes without decoding them into a string.
	 */
	static final MethodDescriptor<StringValue, BytesValue> ECHO_BYTES_ANSWER = ECHO.toBuilder(
			ProtoUtils.marshaller(StringValue.getDefaultInstance()), ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
		.build();

	static EventLoopGroup epollGroup(int threads, String name) {
		return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), EpollIoHandler.newFactory());
	}

}
