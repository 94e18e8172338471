// Example client of the pipe-ipc sample app ("orders" pipe) written with StreamJsonRpc, the
// JSON-RPC library Visual Studio uses.
//
// pipe-ipc's default content-length framing is the LSP base protocol, which StreamJsonRpc's
// HeaderDelimitedMessageHandler speaks. The only platform-specific part is the stream:
//   - Windows: the Win32 named pipe \\.\pipe\orders (NamedPipeClientStream);
//   - Linux and macOS: the Unix domain socket $XDG_RUNTIME_DIR/orders.sock, else /tmp/pipe-ipc-<user>/orders.sock
//     (macOS: $TMPDIR instead of /tmp).
//     (NamedPipeClientStream cannot be used there: on Unix .NET maps pipe names to sockets of its
//     own under the temp directory, not to the path pipe-ipc listens on.)
//
// Usage:
//   dotnet run                          the default pipe or socket
//   dotnet run -- /tmp/orders.sock      Linux/macOS: a socket path
//   dotnet run -- orders                Windows: a pipe name (the part after \\.\pipe\)

using System.IO.Pipes;
using System.Net.Sockets;
using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PipeIpc.Examples;

/// <summary>An order as the sample app returns it.</summary>
internal sealed record Order(long Id, string Item, int Quantity, string Status, DateTimeOffset CreatedAt);

/// <summary>The <c>error.data</c> of error 1001: <c>{"id": 42}</c>.</summary>
internal sealed record OrderNotFoundData(long Id);

/// <summary>
/// A <see cref="JsonRpc"/> that knows the shape of the sample app's error data, so that
/// <see cref="RemoteInvocationException.DeserializedErrorData"/> is typed for error 1001.
/// </summary>
internal sealed class OrdersJsonRpc : JsonRpc
{
    public const int OrderNotFound = 1001;

    public OrdersJsonRpc(IJsonRpcMessageHandler handler)
        : base(handler)
    {
    }

    protected override Type? GetErrorDetailsDataType(JsonRpcError error) =>
        error.Error is { } detail && (int)detail.Code == OrderNotFound
            ? typeof(OrderNotFoundData)
            : base.GetErrorDetailsDataType(error);
}

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Give up rather than hang when the server does not answer.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        CancellationToken cancellationToken = timeout.Token;
        try
        {
            await using Stream stream = await ConnectAsync(args.Length > 0 ? args[0] : null, cancellationToken);

            // JSON for the user data: camelCase names ("item", "createdAt"), matched case-insensitively.
            var formatter = new SystemTextJsonFormatter
            {
                JsonSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web),
            };
            // Content-Length framing over the duplex stream.
            var handler = new HeaderDelimitedMessageHandler(stream, formatter);
            using var rpc = new OrdersJsonRpc(handler);
            // The server may push notifications at any time, also before the response to a
            // request: orders.track sends orders.status with {"id": ..., "status": ...} first.
            // StreamJsonRpc binds the params object to the handler's parameters by name; a
            // notification with no handler is ignored.
            rpc.AddLocalRpcMethod("orders.status", new Action<long, string>((id, status) =>
                Console.WriteLine($"notification orders.status: order {id} is {status}")));
            rpc.StartListening();

            await CallOrdersAsync(rpc, cancellationToken);
            return 0;
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException
                                      or OperationCanceledException or ConnectionLostException
                                      or RemoteInvocationException or InvalidOperationException)
        {
            Console.Error.WriteLine($"OrdersClient: {e.Message}");
            return 1;
        }
    }

    private static async Task CallOrdersAsync(JsonRpc rpc, CancellationToken cancellationToken)
    {
        // Whole-object params: the object is sent as "params": {"item": "coffee", "quantity": 2}.
        Order created = await rpc.InvokeWithParameterObjectAsync<Order>(
            "orders.create", new { item = "coffee", quantity = 2 }, cancellationToken);
        Console.WriteLine($"created {Describe(created)}");

        // Positional params: "params": [id].
        Order fetched = await rpc.InvokeWithCancellationAsync<Order>(
            "orders.get", new object?[] { created.Id }, cancellationToken);
        Console.WriteLine($"got {Describe(fetched)}, created at {fetched.CreatedAt:O}");

        // Named params; minQuantity is optional.
        Order[] found = await rpc.InvokeWithParameterObjectAsync<Order[]>(
            "orders.find", new { item = "coffee", minQuantity = 2 }, cancellationToken);
        Console.WriteLine($"found {found.Length} coffee order(s) of 2 or more: ids [{string.Join(", ", found.Select(o => o.Id))}]");

        // A notification: "params": ["..."], no id, no answer. The server logs the message.
        await rpc.NotifyAsync("orders.log", "hello from the C# client");
        Console.WriteLine("sent orders.log notification");

        // An application error arrives as a RemoteInvocationException with the error's code.
        const long unknown = 999999;
        try
        {
            await rpc.InvokeWithCancellationAsync<Order>("orders.get", new object?[] { unknown }, cancellationToken);
            throw new InvalidOperationException($"orders.get {unknown} unexpectedly succeeded");
        }
        catch (RemoteInvocationException e) when (e.ErrorCode == OrdersJsonRpc.OrderNotFound)
        {
            string data = e.DeserializedErrorData is OrderNotFoundData notFound ? $"id {notFound.Id}" : $"{e.ErrorData}";
            Console.WriteLine($"orders.get {unknown} failed as expected: error {e.ErrorCode}: {e.Message} (data: {data})");
        }

        // Server push: the orders.status notification arrives before this response.
        Order tracked = await rpc.InvokeWithCancellationAsync<Order>(
            "orders.track", new object?[] { created.Id }, cancellationToken);
        Console.WriteLine($"tracked {Describe(tracked)}");

        Order cancelled = await rpc.InvokeWithParameterObjectAsync<Order>(
            "orders.cancel", new { id = created.Id }, cancellationToken);
        Console.WriteLine($"cancelled {Describe(cancelled)}");
    }

    /// <summary>Opens the pipe (Windows) or the Unix domain socket (Linux, macOS).</summary>
    private static async Task<Stream> ConnectAsync(string? target, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            string name = target ?? "orders";
            Console.WriteLine($@"connecting to \\.\pipe\{name}");
            // Asynchronous (overlapped) I/O, so that StreamJsonRpc can read and write at once.
            var pipe = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous);
            try
            {
                // Waits while every instance is busy (the server's max-connections).
                await pipe.ConnectAsync(5000, cancellationToken);
            }
            catch
            {
                await pipe.DisposeAsync();
                throw;
            }
            return pipe;
        }

        // The server's default directory: $XDG_RUNTIME_DIR, else its user's own pipe-ipc-<user> in
        // Java's temp directory (/tmp on Linux, $TMPDIR on macOS).
        string temp = OperatingSystem.IsMacOS() && Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp
            ? tmp
            : "/tmp";
        string user = System.Text.RegularExpressions.Regex.Replace(Environment.UserName, "[^A-Za-z0-9._-]", "_");
        string runtimeDirectory = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } directory
            ? directory
            : Path.Combine(temp, "pipe-ipc-" + user);
        string path = target ?? Path.Combine(runtimeDirectory, "orders.sock");
        Console.WriteLine($"connecting to {path}");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new NetworkStream(socket, ownsSocket: true);
    }

    private static string Describe(Order order) =>
        $"order {order.Id}: {order.Quantity} x {order.Item} ({order.Status})";
}
