/*
 * Example Win32 client of a pipe-ipc server on Windows, in the style of a classic C++ named pipe
 * client: a small pipe::client class over plain Win32 calls (CreateFileW, WaitNamedPipeW,
 * SetNamedPipeHandleState, synchronous WriteFile/ReadFile, CloseHandle). No JSON library.
 *
 * On Windows the sample app serves \\.\pipe\orders with the same JSON-RPC methods and the same
 * content-length framing as on Linux. This program shows two ways to talk to a pipe-ipc server:
 *
 *   1. JSON-RPC (the sample app): every request is one pipe message holding one
 *      "Content-Length: N\r\n\r\n<json>" frame; responses are read as messages and split into
 *      frames, then printed; notifications the server pushes between responses are printed too.
 *
 *        orders_client.exe [--pipe orders]
 *
 *   2. Raw (a server configured with "protocol: raw", such as the README's "legacy" pipe): the
 *      message is written as one pipe message and the reply message is printed unchanged.
 *
 *        orders_client.exe --pipe legacy --raw "hello"
 *
 * --pipe takes the name after \\.\pipe\ or a full \\server\pipe\name; it defaults to "orders".
 * Exit status 0 on success, 1 with "error <win32 code> <what>" on stderr otherwise.
 *
 * Build (static, so the .exe needs no MinGW runtime DLLs):
 *   x86_64-w64-mingw32-g++ -O2 -static -municode -o orders_client.exe orders_client.cpp
 * With Visual C++:  cl /EHsc /O2 orders_client.cpp
 */

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string>

namespace pipe {

// The client end of a named pipe: connect, message read mode, whole-message writes, and reads
// that reassemble a message from ERROR_MORE_DATA chunks.
class client {

public:
	explicit client(const std::wstring& pipe_name, DWORD wait_ms = 5000)
			: _pipe(INVALID_HANDLE_VALUE), _error(0) {
		for (;;) {
			_pipe = ::CreateFileW(pipe_name.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr,
					OPEN_EXISTING, 0, nullptr);
			if (_pipe != INVALID_HANDLE_VALUE) {
				break;
			}
			// ERROR_FILE_NOT_FOUND: no server has this pipe. ERROR_PIPE_BUSY: the server has it,
			// but every instance is serving another client: wait for one, then try again.
			if (::GetLastError() != ERROR_PIPE_BUSY) {
				fail("CreateFileW");
				return;
			}
			if (!::WaitNamedPipeW(pipe_name.c_str(), wait_ms)) {
				fail("WaitNamedPipeW");
				return;
			}
		}
		// A pipe-ipc server writes message-type pipes: read whole messages, not a byte stream.
		DWORD mode = PIPE_READMODE_MESSAGE;
		if (!::SetNamedPipeHandleState(_pipe, &mode, nullptr, nullptr)) {
			fail("SetNamedPipeHandleState");
		}
	}

	~client() {
		if (_pipe != INVALID_HANDLE_VALUE) {
			::CloseHandle(_pipe);
		}
	}

	client(const client&) = delete;
	client& operator=(const client&) = delete;

	// Whether the pipe is open and no call has failed.
	bool verify() const {
		return _pipe != INVALID_HANDLE_VALUE && _error == 0;
	}

	// Writes one whole message; succeeds only when every byte was written.
	bool write(const std::string& message) {
		DWORD written = 0;
		if (!::WriteFile(_pipe, message.data(), static_cast<DWORD>(message.size()), &written, nullptr)) {
			return fail("WriteFile");
		}
		if (written != message.size()) {
			_error = ERROR_WRITE_FAULT;
			_what = "WriteFile (short write)";
			return false;
		}
		return true;
	}

	// Reads one whole message. ERROR_MORE_DATA means that the message is larger than the buffer
	// and the rest follows with the next ReadFile.
	bool read(std::string& message) {
		message.clear();
		char buffer[4096];
		for (;;) {
			DWORD read = 0;
			BOOL done = ::ReadFile(_pipe, buffer, sizeof buffer, &read, nullptr);
			if (!done && ::GetLastError() != ERROR_MORE_DATA) {
				return fail("ReadFile");   // ERROR_BROKEN_PIPE: the server closed the connection
			}
			message.append(buffer, read);
			if (done) {
				return true;
			}
		}
	}

	DWORD error() const {
		return _error;
	}

	const std::string& what() const {
		return _what;
	}

private:
	bool fail(const char* what) {
		_error = ::GetLastError();
		_what = what;
		return false;
	}

	HANDLE _pipe;
	DWORD _error;
	std::string _what;

};

} // namespace pipe

namespace json {

// Skips one JSON value starting at p (after whitespace); returns the first byte after it.
static const char* skip_value(const char* p) {
	int depth = 0;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
	do {
		if (*p == '"') {                        // a string: skip to its closing quote
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1]) p++;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		} else if (depth == 0) {                // a number, true, false or null
			while (*p && *p != ',' && *p != '}' && *p != ']') p++;
			return p;
		}
		if (*p) p++;
	} while (*p && depth > 0);
	return p;
}

// The value of member `key` of the JSON object at `object`, or nullptr. Only the object's own
// members count, never those of nested objects, so an "id" inside a result is not mistaken for
// the response's id.
static const char* member(const char* object, const char* key) {
	while (*object == ' ' || *object == '\t' || *object == '\r' || *object == '\n') object++;
	if (*object != '{') return nullptr;
	size_t key_length = strlen(key);
	const char* p = object + 1;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ',') p++;
		if (*p != '"') return nullptr;          // '}' (end of object) or malformed
		const char* name = p + 1;
		const char* after_name = skip_value(p);
		bool match = static_cast<size_t>(after_name - 1 - name) == key_length
				&& strncmp(name, key, key_length) == 0;
		p = after_name;
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
		if (*p != ':') return nullptr;
		p++;
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
		if (match) return p;
		p = skip_value(p);
	}
}

} // namespace json

namespace jsonrpc {

// Content-length framing over a message pipe. Every frame is sent as one message; received bytes
// are kept in a buffer and cut into frames, so the reader does not depend on how the server
// splits its output into messages.
class connection {

public:
	explicit connection(pipe::client& pipe) : _pipe(pipe), _next_id(1) {
	}

	// Sends a request (params: a JSON array or object literal) and reads the response with its id.
	// Returns false on a pipe or framing error; the response may be a result or an error.
	bool call(const std::string& method, const std::string& params, std::string& response) {
		int id = _next_id++;
		std::string request = "{\"jsonrpc\":\"2.0\",\"id\":" + std::to_string(id) + ",\"method\":\""
				+ method + "\",\"params\":" + params + "}";
		printf("--> %s\n", request.c_str());
		if (!_pipe.write(frame(request))) {
			return false;
		}
		// One request at a time, so the response with our id is the one we wait for. The server
		// may push notifications first (a "method" and no "id"; orders.track sends orders.status
		// before it answers): each goes to on_notification. Responses with another id (there are
		// none here; a client that pipelines keeps them by id) are skipped.
		for (;;) {
			if (!read_frame(response)) {
				return false;
			}
			const char* response_id = json::member(response.c_str(), "id");
			if (response_id == nullptr && json::member(response.c_str(), "method") != nullptr) {
				on_notification(response);
				continue;
			}
			// id null: an error the server could not attribute to a request (bad frame, -32000).
			if (response_id != nullptr
					&& (strncmp(response_id, "null", 4) == 0 || _strtoi64(response_id, nullptr, 10) == id)) {
				printf("<-- %s\n", response.c_str());
				return true;
			}
		}
	}

	// Sends a notification: no id, and the server sends no response.
	bool notify(const std::string& method, const std::string& params) {
		std::string message = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":" + params + "}";
		printf("--> %s (notification, no response)\n", message.c_str());
		return _pipe.write(frame(message));
	}

	const std::string& problem() const {
		return _problem;
	}

private:
	// A notification the server pushed: never answered. This client prints it; a real one would
	// look at the method and act on the params.
	static void on_notification(const std::string& message) {
		printf("<-- %s (notification)\n", message.c_str());
	}

	// "Content-Length: <bytes>\r\n\r\n<body>": the length counts UTF-8 bytes.
	static std::string frame(const std::string& body) {
		return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
	}

	bool read_frame(std::string& body) {
		// The header section ends with an empty line.
		size_t header_end;
		while ((header_end = _buffer.find("\r\n\r\n")) == std::string::npos) {
			if (_buffer.size() > 8192) {
				_problem = "header section too long";
				return false;
			}
			if (!receive()) {
				return false;
			}
		}
		// Content-Length is the one header that matters; header names are case-insensitive.
		long long length = -1;
		size_t line = 0;
		while (line < header_end) {
			size_t eol = _buffer.find("\r\n", line);
			if (eol - line > 15 && _strnicmp(_buffer.c_str() + line, "Content-Length:", 15) == 0) {
				length = _strtoi64(_buffer.c_str() + line + 15, nullptr, 10);
			}
			line = eol + 2;
		}
		if (length < 0) {
			_problem = "no Content-Length in " + _buffer.substr(0, header_end);
			return false;
		}
		_buffer.erase(0, header_end + 4);
		while (_buffer.size() < static_cast<unsigned long long>(length)) {
			if (!receive()) {
				return false;
			}
		}
		body = _buffer.substr(0, static_cast<size_t>(length));
		_buffer.erase(0, static_cast<size_t>(length));
		return true;
	}

	bool receive() {
		std::string message;
		if (!_pipe.read(message)) {
			return false;
		}
		_buffer += message;
		return true;
	}

	pipe::client& _pipe;
	int _next_id;
	std::string _buffer;
	std::string _problem;

};

} // namespace jsonrpc

// UTF-16 (command line) to UTF-8 (what goes over the pipe).
static std::string utf8(const wchar_t* text) {
	int size = ::WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
	std::string result(size > 0 ? size - 1 : 0, '\0');
	if (size > 1) {
		::WideCharToMultiByte(CP_UTF8, 0, text, -1, &result[0], size, nullptr, nullptr);
	}
	return result;
}

static int error(DWORD code, const std::string& what) {
	fprintf(stderr, "error %lu %s\n", static_cast<unsigned long>(code), what.c_str());
	return 1;
}

static int pipe_error(const pipe::client& client, const jsonrpc::connection* connection = nullptr) {
	if (connection != nullptr && client.verify()) {
		return error(ERROR_INVALID_DATA, connection->problem());   // a framing problem, not Win32
	}
	return error(client.error(), client.what());
}

// The number after "key": in a JSON text, or -1. Enough for this example's flat lookups; a real
// client would use a JSON library.
static long long number_after(const std::string& json, const std::string& key, size_t from = 0) {
	size_t at = json.find("\"" + key + "\":", from);
	return at == std::string::npos ? -1 : _strtoi64(json.c_str() + at + key.size() + 3, nullptr, 10);
}

// Calls each method of the sample app once.
static int orders_demo(pipe::client& client) {
	jsonrpc::connection rpc(client);
	std::string response;

	// Whole-object params: the params object is the new order.
	if (!rpc.call("orders.create", "{\"item\":\"coffee\",\"quantity\":2}", response)) {
		return pipe_error(client, &rpc);
	}
	size_t result = response.find("\"result\":");
	if (result == std::string::npos) {
		return error(ERROR_INVALID_DATA, "orders.create failed: " + response);
	}
	std::string id = std::to_string(number_after(response, "id", result));
	printf("created order %s\n", id.c_str());

	// Positional params: [id].
	if (!rpc.call("orders.get", "[" + id + "]", response)) {
		return pipe_error(client, &rpc);
	}
	// Named params; minQuantity is optional.
	if (!rpc.call("orders.find", "{\"item\":\"coffee\",\"minQuantity\":2}", response)) {
		return pipe_error(client, &rpc);
	}
	// A notification: the server logs the message and sends nothing back.
	if (!rpc.notify("orders.log", "[\"hello from the Win32 client\"]")) {
		return pipe_error(client, &rpc);
	}
	// An application error: code 1001 with data {"id": ...}.
	if (!rpc.call("orders.get", "[999999]", response)) {
		return pipe_error(client, &rpc);
	}
	size_t failure = response.find("\"error\":");
	if (failure == std::string::npos || number_after(response, "code", failure) != 1001) {
		return error(ERROR_INVALID_DATA, "orders.get 999999: expected error 1001, got " + response);
	}
	printf("orders.get 999999 failed as expected: error 1001\n");

	// Server push: an orders.status notification comes before the response.
	if (!rpc.call("orders.track", "[" + id + "]", response)) {
		return pipe_error(client, &rpc);
	}

	// Named params for a one-parameter method: {"id": ...}.
	if (!rpc.call("orders.cancel", "{\"id\":" + id + "}", response)) {
		return pipe_error(client, &rpc);
	}
	return 0;
}

// Raw mode: one message out, one message back, both unchanged.
static int raw_exchange(pipe::client& client, const std::string& message) {
	std::string reply;
	if (!client.write(message) || !client.read(reply)) {
		return pipe_error(client);
	}
	fwrite(reply.data(), 1, reply.size(), stdout);
	fputc('\n', stdout);
	return 0;
}

int wmain(int argc, wchar_t** argv) {
	// Plain "\n" line ends and UTF-8 bytes unchanged on stdout.
	_setmode(_fileno(stdout), _O_BINARY);
	setvbuf(stdout, nullptr, _IONBF, 0);

	std::wstring name = L"orders";
	const wchar_t* raw = nullptr;
	for (int i = 1; i < argc; i++) {
		std::wstring option = argv[i];
		if (option == L"--pipe" && i + 1 < argc) {
			name = argv[++i];
		}
		else if (option == L"--raw" && i + 1 < argc) {
			raw = argv[++i];
		}
		else {
			return error(ERROR_INVALID_PARAMETER, "usage: orders_client.exe [--pipe <name>] [--raw <message>]");
		}
	}
	if (name.rfind(L"\\\\", 0) != 0) {
		name = L"\\\\.\\pipe\\" + name;   // "orders" -> \\.\pipe\orders
	}
	if (raw == nullptr) {
		printf("connecting to %s\n", utf8(name.c_str()).c_str());
	}

	pipe::client client(name);
	if (!client.verify()) {
		return pipe_error(client);
	}
	return raw != nullptr ? raw_exchange(client, utf8(raw)) : orders_demo(client);
}
