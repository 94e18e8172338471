/*
 * seed-client: a named pipe client written the way the seed's companion client is (a small C++
 * pipe::client class over plain Win32 calls, synchronous I/O, message read mode). Such clients
 * exist in the wild and must keep working unchanged against the Java server, so end-to-end tests
 * run this program under Wine against it.
 *
 * Build (static, so it needs no libstdc++ or libgcc DLL under Wine):
 *   x86_64-w64-mingw32-g++ -O2 -static -municode -o seed-client.exe seed-client.cpp
 *
 * Usage: seed-client.exe <pipeName> <message> [<message>...]
 *   <pipeName>  the name after \\.\pipe\ (a full \\.\pipe\... name is accepted as well)
 *   <message>   sent as one message (UTF-8); "@N" sends N bytes of the repeating pattern
 *               0123456789, "@@text" sends "@text"
 * After each message one reply message is read and printed on stdout as
 *   reply <byteCount> <first 200 bytes, control characters escaped>
 * Exit status 0 on success; otherwise 1 with "error <win32Code> <what>" on stderr.
 */

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string>
#include <vector>

namespace pipe {

// A client end of a named pipe, the seed's way: CreateFile, message read mode, whole-message
// writes, and reads that reassemble a message from ERROR_MORE_DATA chunks.
class client {

public:
	explicit client(const std::wstring& pipe_name) : _pipe(INVALID_HANDLE_VALUE), _error(0) {
		for (;;) {
			_pipe = ::CreateFileW(pipe_name.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr,
					OPEN_EXISTING, 0, nullptr);
			if (_pipe != INVALID_HANDLE_VALUE) {
				break;
			}
			// Every instance is busy: wait for one to listen again, then retry.
			if (::GetLastError() != ERROR_PIPE_BUSY) {
				_error = ::GetLastError();
				_what = "CreateFile";
				return;
			}
			if (!::WaitNamedPipeW(pipe_name.c_str(), 20000)) {
				_error = ::GetLastError();
				_what = "WaitNamedPipe";
				return;
			}
		}
		// The server writes messages: read them as messages. (Wine supports only the mode
		// argument; the other two stay null, as in the seed.)
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

	bool verify() const {
		return _pipe != INVALID_HANDLE_VALUE && _error == 0;
	}

	// Send one whole message; good only when every byte was written.
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

	// Read one whole message: ERROR_MORE_DATA means the buffer was too small and more follows.
	bool read(std::string& message) {
		message.clear();
		char buffer[4096];
		for (;;) {
			DWORD read = 0;
			BOOL done = ::ReadFile(_pipe, buffer, sizeof buffer, &read, nullptr);
			if (!done && ::GetLastError() != ERROR_MORE_DATA) {
				return fail("ReadFile");
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

// UTF-16 argument to UTF-8 bytes.
static std::string utf8(const wchar_t* text) {
	int size = ::WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
	std::string result(size > 0 ? size - 1 : 0, '\0');
	if (size > 1) {
		::WideCharToMultiByte(CP_UTF8, 0, text, -1, &result[0], size, nullptr, nullptr);
	}
	return result;
}

// The message an argument stands for: "@N" is N pattern bytes, "@@x" is "@x", anything else as is.
static bool message_for(const wchar_t* argument, std::string& message) {
	std::string text = utf8(argument);
	if (text.size() > 1 && text[0] == '@' && text[1] == '@') {
		message = text.substr(1);
		return true;
	}
	if (!text.empty() && text[0] == '@') {
		char* end = nullptr;
		unsigned long long count = _strtoui64(text.c_str() + 1, &end, 10);
		if (text.size() == 1 || *end != 0) {
			return false;
		}
		message.resize(static_cast<size_t>(count));
		for (size_t i = 0; i < message.size(); i++) {
			message[i] = static_cast<char>('0' + i % 10);
		}
		return true;
	}
	message = text;
	return true;
}

// "reply <count> <first 200 bytes>", one line whatever the bytes are.
static void print_reply(const std::string& reply) {
	std::string shown;
	size_t limit = reply.size() < 200 ? reply.size() : 200;
	// Do not cut a UTF-8 sequence in half.
	while (limit < reply.size() && limit > 0 && (static_cast<unsigned char>(reply[limit]) & 0xC0) == 0x80) {
		limit--;
	}
	for (size_t i = 0; i < limit; i++) {
		unsigned char c = static_cast<unsigned char>(reply[i]);
		if (c == '\n') {
			shown += "\\n";
		}
		else if (c == '\r') {
			shown += "\\r";
		}
		else if (c == '\t') {
			shown += "\\t";
		}
		else if (c < 0x20 || c == 0x7f) {
			char escaped[8];
			snprintf(escaped, sizeof escaped, "\\x%02x", c);
			shown += escaped;
		}
		else {
			shown += static_cast<char>(c);
		}
	}
	printf("reply %llu %s\n", static_cast<unsigned long long>(reply.size()), shown.c_str());
	fflush(stdout);
}

static int error(DWORD code, const std::string& what) {
	fprintf(stderr, "error %lu %s\n", static_cast<unsigned long>(code), what.c_str());
	fflush(stderr);
	return 1;
}

int wmain(int argc, wchar_t** argv) {
	// Plain "\n" line ends and raw UTF-8 on stdout/stderr.
	_setmode(_fileno(stdout), _O_BINARY);
	_setmode(_fileno(stderr), _O_BINARY);
	if (argc < 3) {
		return error(ERROR_INVALID_PARAMETER, "usage: seed-client.exe <pipeName> <message> [<message>...]");
	}
	std::wstring name = argv[1];
	if (name.rfind(L"\\\\", 0) != 0) {
		name = L"\\\\.\\pipe\\" + name;
	}
	std::vector<std::string> messages;
	for (int i = 2; i < argc; i++) {
		std::string message;
		if (!message_for(argv[i], message)) {
			return error(ERROR_INVALID_PARAMETER, "bad message argument " + utf8(argv[i]));
		}
		messages.push_back(message);
	}

	pipe::client client(name);
	if (!client.verify()) {
		return error(client.error(), client.what());
	}
	for (const std::string& message : messages) {
		std::string reply;
		if (!client.write(message) || !client.read(reply)) {
			return error(client.error(), client.what());
		}
		print_reply(reply);
	}
	return 0;
}
