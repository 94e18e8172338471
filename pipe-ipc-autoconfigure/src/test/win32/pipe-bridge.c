/*
 * pipe-bridge: performs Win32 named pipe calls on behalf of a JVM that cannot call Kernel32
 * itself (the tests run on Linux, the calls run for real under Wine).
 *
 * Build (static, so it needs no DLL beyond what Wine provides; WineToolchain does this):
 *   x86_64-w64-mingw32-gcc -O2 -static -o pipe-bridge.exe pipe-bridge.c -ladvapi32
 *
 * Protocol: one request per line on stdin, one response per line on stdout.
 *
 *   request:  <id> <op> <args...>
 *   response: <id> ok [<values...>]   or   <id> err <win32ErrorCode>
 *
 * <id> is any token chosen by the caller and echoed back, so responses may come in any order:
 * every request runs on a thread of its own (idle worker threads are reused), and a blocking
 * connect or read never holds up other requests. Each I/O call is overlapped, with its own event,
 * so a read may wait on a handle while a write on the same handle goes through. Handles are
 * decimal HANDLE values. Strings (UTF-8) and binary data are hex encoded; "-" stands for null,
 * "." for empty (zero bytes, or an empty string). Responses are written whole, one at a time.
 *
 *   ping                                    -> ok <bridgeProcessId>
 *   create <first0|1> <maxInstances> <outBuf> <inBuf> <rejectRemote0|1> <nameHex> <sddlHex|->
 *                                           -> ok <handle>
 *   connect <h>                             -> ok connected | ok gone (ERROR_NO_DATA)
 *   read <h> <maxLen>                       -> ok <count> <more0|1> <hex> | ok end (109, 233)
 *   write <h> <hex>                         -> ok            (err 29 if not every byte was written)
 *   flush <h>                               -> ok
 *   disconnect <h>                          -> ok
 *   cancel <h>                              -> ok            (CancelIoEx(h, NULL))
 *   peek <h>                                -> ok <bytesAvailable | -1>   (PeekNamedPipe)
 *   close <h>                               -> ok
 *   pid <h>                                 -> ok <clientProcessId | -1>
 *   user <h>                                -> ok <userNameHex | ->
 *   token <h>                               -> ok <userSid> <userNameHex|-> <groupCount> (<groupSid> <groupNameHex|->)...
 *                                              (ImpersonateNamedPipeClient, OpenThreadToken,
 *                                              RevertToSelf, GetTokenInformation(TokenUser, TokenGroups);
 *                                              names are DOMAIN\name from LookupAccountSid)
 *   sowner <h>                              -> ok <sid>      (client side: the SID of the account the server
 *                                              process runs as: GetNamedPipeServerProcessId, OpenProcess,
 *                                              OpenProcessToken, GetTokenInformation(TokenUser))
 *   self                                    -> ok <sid>      (the bridge's own account)
 *   exists <nameHex>                        -> ok <0|1>      (WaitNamedPipe(name, 1) != error 2)
 *   copen <nameHex>                         -> ok <handle>   (client CreateFile, overlapped)
 *   cmode <h>                               -> ok            (client message read mode)
 *   cwait <nameHex> <ms>                    -> ok            (WaitNamedPipe)
 *   quit                                    -> ok, then the bridge exits
 *
 * Any op may answer "err <code>" with the GetLastError code of the call that failed; the void
 * ones (flush, disconnect, cancel, close) report their error too, callers may ignore it.
 * Malformed requests answer err 87 (ERROR_INVALID_PARAMETER), unknown ops err 1
 * (ERROR_INVALID_FUNCTION). On end of input the bridge exits; the system closes its handles.
 */

#define WIN32_LEAN_AND_MEAN
#define _WIN32_WINNT 0x0600
#include <windows.h>
#include <sddl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 10

/* Reported when WriteFile wrote fewer bytes than asked (should not happen in PIPE_WAIT mode). */
#define ERROR_SHORT_WRITE ERROR_WRITE_FAULT

/* One request: the line (owned) and its tokens (pointing into the line). */
typedef struct request {
	char *line;
	char *tokens[MAX_TOKENS];
	int count;
	struct request *next; /* in the queue for idle workers */
} request;

static CRITICAL_SECTION output_lock;
static HANDLE output;

/* ---- output -------------------------------------------------------------------------------- */

/* Write a whole line to stdout; the lock keeps lines from different threads apart. */
static void emit(const char *text, size_t length) {
	EnterCriticalSection(&output_lock);
	while (length > 0) {
		DWORD written = 0;
		DWORD chunk = length > 0x10000000 ? 0x10000000 : (DWORD) length;
		if (!WriteFile(output, text, chunk, &written, NULL)) {
			/* Nobody listens any more: nothing useful left to do. */
			ExitProcess(3);
		}
		text += written;
		length -= written;
	}
	LeaveCriticalSection(&output_lock);
}

/* "<id> ok[ <values>]\n" */
static void respond_ok(const request *req, const char *values) {
	size_t length = strlen(req->tokens[0]) + 4 + (values ? strlen(values) + 1 : 0) + 1;
	char *text = malloc(length + 1);
	if (text == NULL) {
		ExitProcess(4);
	}
	if (values) {
		snprintf(text, length + 1, "%s ok %s\n", req->tokens[0], values);
	}
	else {
		snprintf(text, length + 1, "%s ok\n", req->tokens[0]);
	}
	emit(text, strlen(text));
	free(text);
}

/* "<id> ok <printf-formatted values>\n" for short values. */
static void respond_okf(const request *req, const char *format, ...) {
	char values[128];
	va_list args;
	va_start(args, format);
	vsnprintf(values, sizeof values, format, args);
	va_end(args);
	respond_ok(req, values);
}

/* "<id> err <code>\n" */
static void respond_err(const request *req, DWORD code) {
	char text[160];
	snprintf(text, sizeof text, "%s err %lu\n", req->tokens[0], (unsigned long) code);
	emit(text, strlen(text));
}

/* ---- encoding ------------------------------------------------------------------------------ */

static const char HEX[] = "0123456789abcdef";

/* Hex-encode bytes into a new string; "." for none. */
static char *hex_encode(const unsigned char *data, size_t length) {
	char *text = malloc(length * 2 + 2);
	if (text == NULL) {
		return NULL;
	}
	if (length == 0) {
		strcpy(text, ".");
		return text;
	}
	for (size_t i = 0; i < length; i++) {
		text[2 * i] = HEX[data[i] >> 4];
		text[2 * i + 1] = HEX[data[i] & 15];
	}
	text[length * 2] = 0;
	return text;
}

static int hex_digit(char c) {
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/*
 * Decode a hex field in place. "-" gives *data = NULL (null), "." gives an empty, non-null result.
 * Returns FALSE if the field is not valid hex.
 */
static BOOL hex_decode(char *text, unsigned char **data, size_t *length) {
	if (strcmp(text, "-") == 0) {
		*data = NULL;
		*length = 0;
		return TRUE;
	}
	if (strcmp(text, ".") == 0) {
		*data = (unsigned char *) text;
		*length = 0;
		return TRUE;
	}
	size_t digits = strlen(text);
	if (digits % 2 != 0) {
		return FALSE;
	}
	unsigned char *out = (unsigned char *) text;
	for (size_t i = 0; i < digits; i += 2) {
		int high = hex_digit(text[i]);
		int low = hex_digit(text[i + 1]);
		if (high < 0 || low < 0) {
			return FALSE;
		}
		out[i / 2] = (unsigned char) (high << 4 | low);
	}
	*data = out;
	*length = digits / 2;
	return TRUE;
}

/*
 * Decode a hex field holding a UTF-8 string into a new UTF-16 string. *result is NULL for "-".
 * Returns FALSE if the field is malformed.
 */
static BOOL hex_to_wide(char *text, wchar_t **result) {
	unsigned char *bytes;
	size_t length;
	*result = NULL;
	if (!hex_decode(text, &bytes, &length)) {
		return FALSE;
	}
	if (bytes == NULL) {
		return TRUE;
	}
	int chars = length == 0 ? 0 : MultiByteToWideChar(CP_UTF8, 0, (char *) bytes, (int) length, NULL, 0);
	if (length > 0 && chars == 0) {
		return FALSE;
	}
	wchar_t *wide = malloc((chars + 1) * sizeof(wchar_t));
	if (wide == NULL) {
		return FALSE;
	}
	if (chars > 0) {
		MultiByteToWideChar(CP_UTF8, 0, (char *) bytes, (int) length, wide, chars);
	}
	wide[chars] = 0;
	*result = wide;
	return TRUE;
}

/* Parse a decimal handle or number; FALSE if it is not one. */
static BOOL parse_number(const char *text, unsigned long long *value) {
	char *end;
	if (*text == 0 || *text == '-') {
		return FALSE;
	}
	*value = strtoull(text, &end, 10);
	return *end == 0;
}

static BOOL parse_handle(const char *text, HANDLE *handle) {
	unsigned long long value;
	if (!parse_number(text, &value)) {
		return FALSE;
	}
	*handle = (HANDLE) (ULONG_PTR) value;
	return TRUE;
}

/* ---- overlapped I/O -------------------------------------------------------------------------- */

/* Each operation gets its own OVERLAPPED with its own manual-reset event. */
static BOOL overlapped_open(OVERLAPPED *overlapped) {
	ZeroMemory(overlapped, sizeof *overlapped);
	overlapped->hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	return overlapped->hEvent != NULL;
}

/*
 * Finish an overlapped call that returned `started` and wait for it: returns 0 on success or
 * the Win32 error code, with the bytes transferred in *transferred (also for ERROR_MORE_DATA).
 */
static DWORD overlapped_finish(HANDLE handle, OVERLAPPED *overlapped, BOOL started, DWORD *transferred) {
	DWORD error = started ? 0 : GetLastError();
	*transferred = 0;
	if (started || error == ERROR_IO_PENDING || error == ERROR_MORE_DATA) {
		error = GetOverlappedResult(handle, overlapped, transferred, TRUE) ? 0 : GetLastError();
	}
	CloseHandle(overlapped->hEvent);
	return error;
}

/* ---- server ops ---------------------------------------------------------------------------- */

static void op_create(request *req) {
	unsigned long long first, max_instances, out_size, in_size, reject;
	wchar_t *name = NULL, *sddl = NULL;
	if (req->count != 9 || !parse_number(req->tokens[2], &first) || !parse_number(req->tokens[3], &max_instances)
			|| !parse_number(req->tokens[4], &out_size) || !parse_number(req->tokens[5], &in_size)
			|| !parse_number(req->tokens[6], &reject) || !hex_to_wide(req->tokens[7], &name) || name == NULL
			|| !hex_to_wide(req->tokens[8], &sddl)) {
		free(name);
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	SECURITY_ATTRIBUTES attributes = { sizeof attributes, NULL, FALSE };
	if (sddl != NULL && !ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1,
			&attributes.lpSecurityDescriptor, NULL)) {
		DWORD error = GetLastError();
		free(name);
		free(sddl);
		respond_err(req, error);
		return;
	}
	DWORD open_mode = PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0);
	DWORD pipe_mode = PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | (reject ? PIPE_REJECT_REMOTE_CLIENTS : 0);
	HANDLE pipe = CreateNamedPipeW(name, open_mode, pipe_mode, (DWORD) max_instances, (DWORD) out_size,
			(DWORD) in_size, 0, sddl != NULL ? &attributes : NULL);
	DWORD error = GetLastError();
	if (attributes.lpSecurityDescriptor != NULL) {
		LocalFree(attributes.lpSecurityDescriptor);
	}
	free(name);
	free(sddl);
	if (pipe == INVALID_HANDLE_VALUE) {
		respond_err(req, error);
		return;
	}
	respond_okf(req, "%llu", (unsigned long long) (ULONG_PTR) pipe);
}

static void op_connect(request *req) {
	HANDLE pipe;
	OVERLAPPED overlapped;
	DWORD transferred;
	if (req->count != 3 || !parse_handle(req->tokens[2], &pipe)) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	if (!overlapped_open(&overlapped)) {
		respond_err(req, GetLastError());
		return;
	}
	BOOL started = ConnectNamedPipe(pipe, &overlapped);
	DWORD error = started ? 0 : GetLastError();
	if (error == ERROR_PIPE_CONNECTED || error == ERROR_NO_DATA) {
		/* Settled before the call: a client is there already, or came and went. */
		CloseHandle(overlapped.hEvent);
	}
	else {
		error = overlapped_finish(pipe, &overlapped, started, &transferred);
	}
	if (error == 0 || error == ERROR_PIPE_CONNECTED) {
		respond_ok(req, "connected");
	}
	else if (error == ERROR_NO_DATA) {
		respond_ok(req, "gone");
	}
	else {
		respond_err(req, error);
	}
}

static void op_read(request *req) {
	HANDLE pipe;
	unsigned long long max_length;
	OVERLAPPED overlapped;
	DWORD transferred;
	if (req->count != 4 || !parse_handle(req->tokens[2], &pipe) || !parse_number(req->tokens[3], &max_length)
			|| max_length > 0x7fffffff) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	unsigned char *buffer = malloc(max_length > 0 ? max_length : 1);
	if (buffer == NULL) {
		respond_err(req, ERROR_NOT_ENOUGH_MEMORY);
		return;
	}
	if (!overlapped_open(&overlapped)) {
		free(buffer);
		respond_err(req, GetLastError());
		return;
	}
	BOOL started = ReadFile(pipe, buffer, (DWORD) max_length, NULL, &overlapped);
	DWORD error = overlapped_finish(pipe, &overlapped, started, &transferred);
	if (error == 0 || error == ERROR_MORE_DATA) {
		char *hex = hex_encode(buffer, transferred);
		char *values = hex ? malloc(strlen(hex) + 32) : NULL;
		if (values == NULL) {
			free(hex);
			free(buffer);
			respond_err(req, ERROR_NOT_ENOUGH_MEMORY);
			return;
		}
		sprintf(values, "%lu %d %s", (unsigned long) transferred, error == ERROR_MORE_DATA, hex);
		respond_ok(req, values);
		free(values);
		free(hex);
	}
	else if (error == ERROR_BROKEN_PIPE || error == ERROR_PIPE_NOT_CONNECTED) {
		respond_ok(req, "end");
	}
	else {
		respond_err(req, error);
	}
	free(buffer);
}

static void op_write(request *req) {
	HANDLE pipe;
	unsigned char *data;
	size_t length;
	OVERLAPPED overlapped;
	DWORD transferred;
	if (req->count != 4 || !parse_handle(req->tokens[2], &pipe) || !hex_decode(req->tokens[3], &data, &length)
			|| data == NULL || length > 0xffffffffu) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	if (!overlapped_open(&overlapped)) {
		respond_err(req, GetLastError());
		return;
	}
	BOOL started = WriteFile(pipe, data, (DWORD) length, NULL, &overlapped);
	DWORD error = overlapped_finish(pipe, &overlapped, started, &transferred);
	if (error != 0) {
		respond_err(req, error);
	}
	else if (transferred != length) {
		respond_err(req, ERROR_SHORT_WRITE);
	}
	else {
		respond_ok(req, NULL);
	}
}

/* flush, disconnect, cancel, close: one handle, a BOOL result. */
static void op_simple(request *req, BOOL (*call)(HANDLE)) {
	HANDLE handle;
	if (req->count != 3 || !parse_handle(req->tokens[2], &handle)) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	if (call(handle)) {
		respond_ok(req, NULL);
	}
	else {
		respond_err(req, GetLastError());
	}
}

static BOOL WINAPI cancel_all(HANDLE handle) {
	return CancelIoEx(handle, NULL);
}

static BOOL WINAPI flush(HANDLE handle) {
	return FlushFileBuffers(handle);
}

static BOOL WINAPI disconnect(HANDLE handle) {
	return DisconnectNamedPipe(handle);
}

static BOOL WINAPI close_handle(HANDLE handle) {
	return CloseHandle(handle);
}

static void op_pid(request *req) {
	HANDLE pipe;
	ULONG pid;
	if (req->count != 3 || !parse_handle(req->tokens[2], &pipe)) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	if (GetNamedPipeClientProcessId(pipe, &pid)) {
		respond_okf(req, "%lu", (unsigned long) pid);
	}
	else {
		respond_ok(req, "-1");
	}
}

static void op_peek(request *req) {
	HANDLE pipe;
	DWORD available = 0;
	if (req->count != 3 || !parse_handle(req->tokens[2], &pipe)) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	if (PeekNamedPipe(pipe, NULL, 0, NULL, &available, NULL)) {
		respond_okf(req, "%lu", (unsigned long) available);
	}
	else {
		respond_ok(req, "-1");
	}
}

static void op_user(request *req) {
	HANDLE pipe;
	wchar_t name[257];
	char utf8[257 * 3];
	if (req->count != 3 || !parse_handle(req->tokens[2], &pipe)) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	if (!GetNamedPipeHandleStateW(pipe, NULL, NULL, NULL, NULL, name, 257)) {
		respond_ok(req, "-");
		return;
	}
	int length = WideCharToMultiByte(CP_UTF8, 0, name, -1, utf8, sizeof utf8, NULL, NULL);
	if (length <= 0) {
		respond_ok(req, "-");
		return;
	}
	char *hex = hex_encode((unsigned char *) utf8, (size_t) length - 1);
	respond_ok(req, hex ? hex : "-");
	free(hex);
}

/* A SID as "S-1-..." text and its account name as hex of "DOMAIN\name" ("-" if unknown), appended. */
static int append_sid(char **text, size_t *length, size_t *capacity, PSID sid) {
	char *sid_text = NULL;
	if (!ConvertSidToStringSidA(sid, &sid_text)) {
		return 0;
	}
	wchar_t name[256];
	wchar_t domain[256];
	DWORD name_length = 256;
	DWORD domain_length = 256;
	SID_NAME_USE use;
	char *hex = NULL;
	if (LookupAccountSidW(NULL, sid, name, &name_length, domain, &domain_length, &use)) {
		wchar_t full[514];
		if (domain_length > 0) {
			_snwprintf(full, 514, L"%s\\%s", domain, name);
		}
		else {
			_snwprintf(full, 514, L"%s", name);
		}
		full[513] = 0;
		char utf8[514 * 3];
		int bytes = WideCharToMultiByte(CP_UTF8, 0, full, -1, utf8, sizeof utf8, NULL, NULL);
		if (bytes > 1) {
			hex = hex_encode((unsigned char *) utf8, (size_t) bytes - 1);
		}
	}
	size_t needed = strlen(sid_text) + (hex ? strlen(hex) : 1) + 3;
	if (*length + needed + 1 > *capacity) {
		*capacity = (*length + needed + 1) * 2;
		*text = realloc(*text, *capacity);
		if (*text == NULL) {
			ExitProcess(4);
		}
	}
	*length += (size_t) snprintf(*text + *length, *capacity - *length, "%s%s %s", (*length > 0) ? " " : "",
			sid_text, hex ? hex : "-");
	free(hex);
	LocalFree(sid_text);
	return 1;
}

static void *token_information(HANDLE token, TOKEN_INFORMATION_CLASS kind) {
	DWORD size = 0;
	GetTokenInformation(token, kind, NULL, 0, &size);
	if (size == 0) {
		return NULL;
	}
	void *information = malloc(size);
	if (information != NULL && !GetTokenInformation(token, kind, information, size, &size)) {
		free(information);
		return NULL;
	}
	return information;
}

static void op_token(request *req) {
	HANDLE pipe;
	if (req->count != 3 || !parse_handle(req->tokens[2], &pipe)) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	if (!ImpersonateNamedPipeClient(pipe)) {
		respond_err(req, GetLastError());
		return;
	}
	HANDLE token = NULL;
	BOOL opened = OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token);
	DWORD error = GetLastError();
	/* Back to the bridge's own identity before anything else runs on this thread. */
	if (!RevertToSelf()) {
		ExitProcess(5);
	}
	if (!opened) {
		respond_err(req, error);
		return;
	}
	TOKEN_USER *user = token_information(token, TokenUser);
	TOKEN_GROUPS *groups = token_information(token, TokenGroups);
	CloseHandle(token);
	if (user == NULL) {
		free(groups);
		respond_err(req, ERROR_NO_TOKEN);
		return;
	}
	size_t user_capacity = 256;
	size_t user_length = 0;
	char *user_text = malloc(user_capacity);
	size_t group_capacity = 1024;
	size_t group_length = 0;
	char *group_text = malloc(group_capacity);
	if (user_text == NULL || group_text == NULL) {
		ExitProcess(4);
	}
	user_text[0] = 0;
	group_text[0] = 0;
	if (!append_sid(&user_text, &user_length, &user_capacity, user->User.Sid)) {
		strcpy(user_text, "- -");
	}
	DWORD listed = 0;
	for (DWORD i = 0; groups != NULL && i < groups->GroupCount; i++) {
		listed += (DWORD) append_sid(&group_text, &group_length, &group_capacity, groups->Groups[i].Sid);
	}
	char *text = malloc(user_length + group_length + 32);
	if (text == NULL) {
		ExitProcess(4);
	}
	sprintf(text, "%s %lu%s%s", user_text, (unsigned long) listed, (listed > 0) ? " " : "", group_text);
	free(user_text);
	free(group_text);
	respond_ok(req, text);
	free(text);
	free(user);
	free(groups);
}

/* The account SID of a process's primary token, as "S-1-..." text (LocalFree it), or NULL. */
static char *process_account(HANDLE process) {
	HANDLE token = NULL;
	if (!OpenProcessToken(process, TOKEN_QUERY, &token)) {
		return NULL;
	}
	TOKEN_USER *user = token_information(token, TokenUser);
	CloseHandle(token);
	char *text = NULL;
	if (user != NULL) {
		if (!ConvertSidToStringSidA(user->User.Sid, &text)) {
			text = NULL;
		}
		free(user);
	}
	return text;
}

static void op_server_owner(request *req) {
	HANDLE pipe;
	ULONG pid;
	if (req->count != 3 || !parse_handle(req->tokens[2], &pipe)) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	if (!GetNamedPipeServerProcessId(pipe, &pid)) {
		respond_err(req, GetLastError());
		return;
	}
	HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
	if (process == NULL) {
		respond_err(req, GetLastError());
		return;
	}
	char *sid = process_account(process);
	DWORD error = GetLastError();
	CloseHandle(process);
	if (sid == NULL) {
		respond_err(req, error);
		return;
	}
	respond_ok(req, sid);
	LocalFree(sid);
}

static void op_self(request *req) {
	char *sid = process_account(GetCurrentProcess());
	if (sid == NULL) {
		respond_err(req, GetLastError());
		return;
	}
	respond_ok(req, sid);
	LocalFree(sid);
}

static void op_exists(request *req) {
	wchar_t *name = NULL;
	if (req->count != 3 || !hex_to_wide(req->tokens[2], &name) || name == NULL) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	BOOL found = WaitNamedPipeW(name, 1) || GetLastError() != ERROR_FILE_NOT_FOUND;
	free(name);
	respond_ok(req, found ? "1" : "0");
}

/* ---- client ops ---------------------------------------------------------------------------- */

static void op_client_open(request *req) {
	wchar_t *name = NULL;
	if (req->count != 3 || !hex_to_wide(req->tokens[2], &name) || name == NULL) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	HANDLE pipe = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
	DWORD error = GetLastError();
	free(name);
	if (pipe == INVALID_HANDLE_VALUE) {
		respond_err(req, error);
		return;
	}
	respond_okf(req, "%llu", (unsigned long long) (ULONG_PTR) pipe);
}

static void op_client_mode(request *req) {
	HANDLE pipe;
	DWORD mode = PIPE_READMODE_MESSAGE;
	if (req->count != 3 || !parse_handle(req->tokens[2], &pipe)) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	/* Wine supports only the mode argument: the other two stay null. */
	if (SetNamedPipeHandleState(pipe, &mode, NULL, NULL)) {
		respond_ok(req, NULL);
	}
	else {
		respond_err(req, GetLastError());
	}
}

static void op_client_wait(request *req) {
	wchar_t *name = NULL;
	unsigned long long timeout;
	if (req->count != 4 || !parse_number(req->tokens[3], &timeout) || timeout > 0xffffffffu
			|| !hex_to_wide(req->tokens[2], &name) || name == NULL) {
		free(name);
		respond_err(req, ERROR_INVALID_PARAMETER);
		return;
	}
	BOOL ready = WaitNamedPipeW(name, (DWORD) timeout);
	DWORD error = GetLastError();
	free(name);
	if (ready) {
		respond_ok(req, NULL);
	}
	else {
		respond_err(req, error);
	}
}

/* ---- dispatch ------------------------------------------------------------------------------ */

static void handle(request *req) {
	const char *op = req->tokens[1];
	if (strcmp(op, "ping") == 0) respond_okf(req, "%lu", (unsigned long) GetCurrentProcessId());
	else if (strcmp(op, "create") == 0) op_create(req);
	else if (strcmp(op, "connect") == 0) op_connect(req);
	else if (strcmp(op, "read") == 0) op_read(req);
	else if (strcmp(op, "write") == 0) op_write(req);
	else if (strcmp(op, "flush") == 0) op_simple(req, flush);
	else if (strcmp(op, "disconnect") == 0) op_simple(req, disconnect);
	else if (strcmp(op, "cancel") == 0) op_simple(req, cancel_all);
	else if (strcmp(op, "close") == 0) op_simple(req, close_handle);
	else if (strcmp(op, "pid") == 0) op_pid(req);
	else if (strcmp(op, "peek") == 0) op_peek(req);
	else if (strcmp(op, "user") == 0) op_user(req);
	else if (strcmp(op, "token") == 0) op_token(req);
	else if (strcmp(op, "sowner") == 0) op_server_owner(req);
	else if (strcmp(op, "self") == 0) op_self(req);
	else if (strcmp(op, "exists") == 0) op_exists(req);
	else if (strcmp(op, "copen") == 0) op_client_open(req);
	else if (strcmp(op, "cmode") == 0) op_client_mode(req);
	else if (strcmp(op, "cwait") == 0) op_client_wait(req);
	else respond_err(req, ERROR_INVALID_FUNCTION);
}

/*
 * Worker threads. Every request gets a thread of its own, so nothing ever waits behind a
 * blocking call; but creating a thread under Wine costs about a millisecond, so a worker that has
 * finished waits for the next request instead of exiting, and a new thread is made only when no
 * worker is idle. Invariant: queued requests <= idle workers, so a queued request never waits.
 */
static CRITICAL_SECTION pool_lock;
static CONDITION_VARIABLE pool_work;
static request *queue_head, *queue_tail;
static int idle_workers;

static DWORD WINAPI worker(LPVOID parameter) {
	request *req = parameter;
	for (;;) {
		handle(req);
		free(req->line);
		free(req);
		EnterCriticalSection(&pool_lock);
		idle_workers++;
		while (queue_head == NULL) {
			SleepConditionVariableCS(&pool_work, &pool_lock, INFINITE);
		}
		req = queue_head;
		queue_head = req->next;
		if (queue_head == NULL) {
			queue_tail = NULL;
		}
		LeaveCriticalSection(&pool_lock);
	}
	return 0;
}

/* Hand a request to an idle worker, or to a new thread. FALSE if no thread could be made. */
static BOOL run_on_worker(request *req) {
	EnterCriticalSection(&pool_lock);
	if (idle_workers > 0) {
		idle_workers--;
		req->next = NULL;
		if (queue_tail != NULL) {
			queue_tail->next = req;
		}
		else {
			queue_head = req;
		}
		queue_tail = req;
		LeaveCriticalSection(&pool_lock);
		WakeConditionVariable(&pool_work);
		return TRUE;
	}
	LeaveCriticalSection(&pool_lock);
	HANDLE thread = CreateThread(NULL, 256 * 1024, worker, req, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
	if (thread == NULL) {
		return FALSE;
	}
	CloseHandle(thread);
	return TRUE;
}

/* Split a line into tokens and run it on a worker thread (quit runs here, then exits). */
static void dispatch(char *line) {
	request *req = calloc(1, sizeof *req);
	if (req == NULL) {
		ExitProcess(4);
	}
	req->line = line;
	for (char *token = strtok(line, " "); token != NULL && req->count < MAX_TOKENS; token = strtok(NULL, " ")) {
		req->tokens[req->count++] = token;
	}
	if (req->count == 0) {
		free(line);
		free(req);
		return;
	}
	if (req->count == 1) {
		respond_err(req, ERROR_INVALID_PARAMETER);
		free(line);
		free(req);
		return;
	}
	if (strcmp(req->tokens[1], "quit") == 0) {
		respond_ok(req, NULL);
		ExitProcess(0);
	}
	if (!run_on_worker(req)) {
		respond_err(req, GetLastError());
		free(line);
		free(req);
	}
}

int main(void) {
	HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
	output = GetStdHandle(STD_OUTPUT_HANDLE);
	InitializeCriticalSection(&output_lock);
	InitializeCriticalSection(&pool_lock);
	InitializeConditionVariable(&pool_work);

	/* Read stdin in blocks and cut it into lines of any length (data lines can be long). */
	static char block[65536];
	size_t capacity = 4096, used = 0;
	char *line = malloc(capacity);
	for (;;) {
		DWORD got = 0;
		if (!ReadFile(input, block, sizeof block, &got, NULL) || got == 0) {
			break;
		}
		for (DWORD i = 0; i < got; i++) {
			char c = block[i];
			if (c == '\n') {
				if (used > 0 && line[used - 1] == '\r') {
					used--;
				}
				line[used] = 0;
				dispatch(line);
				capacity = 4096;
				used = 0;
				line = malloc(capacity);
				continue;
			}
			if (used + 2 > capacity) {
				capacity *= 2;
				line = realloc(line, capacity);
			}
			if (line == NULL) {
				ExitProcess(4);
			}
			line[used++] = c;
		}
	}
	/* End of input: the JVM is gone or done. Exiting closes every handle. */
	ExitProcess(0);
}
