/*
 * Example client of the pipe-ipc sample app ("orders" pipe) in plain POSIX C99.
 *
 * pipe-ipc serves JSON-RPC 2.0 over a Unix domain socket. With the default content-length
 * framing every message, in both directions, is preceded by an LSP-style header:
 *
 *     Content-Length: <number of body bytes>\r\n
 *     \r\n
 *     <UTF-8 JSON body>
 *
 * This client needs no JSON library: it builds requests with snprintf, reads framed responses,
 * prints them, and looks at their top-level "result" / "error" members with a tiny scanner.
 * Between responses the server may push notifications (a "method" and no "id"); they are handed
 * to on_notification, which prints them.
 *
 * Build:  cc -std=c99 -Wall -o orders_client orders_client.c
 * Run:    ./orders_client [SOCKET_PATH]
 *
 * Without SOCKET_PATH the socket is found the way the server chooses it:
 * $XDG_RUNTIME_DIR/orders.sock when XDG_RUNTIME_DIR is set, else /tmp/pipe-ipc-<user>/orders.sock
 * (on Linux; macOS uses $TMPDIR instead of /tmp).
 * Exit status 0 when every call behaved as expected, 1 otherwise.
 */
#define _POSIX_C_SOURCE 200809L /* socket API, strncasecmp, SO_RCVTIMEO under -std=c99 */

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#define TIMEOUT_SECONDS 10
#define MAX_HEADER 8192          /* the server never sends more; it accepts at most this much */
#define MAX_BODY (16L << 20)     /* the sample app's max-message-size */

/* ---- connection with a read buffer ------------------------------------------------------ */

struct conn {
    int fd;
    char buf[65536];             /* bytes received but not consumed yet */
    size_t start, end;
    int next_id;
};

static void die(const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    fputs("orders_client: ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    exit(1);
}

static void conn_open(struct conn *c, const char *path) {
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) die("socket path too long: %s", path);
    strcpy(addr.sun_path, path);

    c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (c->fd < 0) die("socket: %s", strerror(errno));
    /* ENOENT or ECONNREFUSED here mean that no server listens on this path. */
    if (connect(c->fd, (struct sockaddr *) &addr, sizeof addr) < 0)
        die("connect %s: %s", path, strerror(errno));

    /* Never wait forever for an answer. */
    struct timeval timeout = { TIMEOUT_SECONDS, 0 };
    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    c->start = c->end = 0;
    c->next_id = 1;
}

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) die("write: %s", strerror(errno));
        p += w;
        n -= (size_t) w;
    }
}

/* Receives more bytes into the buffer (moving unread bytes to its start first). */
static void fill(struct conn *c) {
    if (c->start > 0) {
        memmove(c->buf, c->buf + c->start, c->end - c->start);
        c->end -= c->start;
        c->start = 0;
    }
    if (c->end == sizeof c->buf) die("header too long");
    ssize_t r;
    do r = read(c->fd, c->buf + c->end, sizeof c->buf - c->end); while (r < 0 && errno == EINTR);
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) die("no answer within %d s", TIMEOUT_SECONDS);
    if (r < 0) die("read: %s", strerror(errno));
    if (r == 0) die("the server closed the connection");
    c->end += (size_t) r;
}

/* ---- content-length framing ------------------------------------------------------------- */

/* Sends one JSON text as one frame. Content-Length counts bytes: strlen of UTF-8 text. */
static void send_frame(struct conn *c, const char *body) {
    char header[64];
    int hlen = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", strlen(body));
    write_all(c->fd, header, (size_t) hlen);
    write_all(c->fd, body, strlen(body));
}

/* Reads one frame and returns its body as a NUL-terminated string (free it). */
static char *read_frame(struct conn *c) {
    /* 1. The header section ends with an empty line: CRLF CRLF. */
    char *header_end;
    for (;;) {
        header_end = NULL;
        for (size_t i = c->start; i + 4 <= c->end; i++)
            if (memcmp(c->buf + i, "\r\n\r\n", 4) == 0) { header_end = c->buf + i; break; }
        if (header_end) break;
        if (c->end - c->start >= MAX_HEADER) die("header section too long");
        fill(c);
    }

    /* 2. Find Content-Length among the header lines (names are case-insensitive). */
    long length = -1;
    char *line = c->buf + c->start;
    while (line < header_end) {
        char *eol = strstr(line, "\r\n");   /* header_end itself starts with CRLF */
        if (eol - line > 15 && strncasecmp(line, "Content-Length:", 15) == 0)
            length = strtol(line + 15, NULL, 10);
        line = eol + 2;
    }
    if (length < 0 || length > MAX_BODY) die("bad or missing Content-Length");
    c->start = (size_t) (header_end + 4 - c->buf);

    /* 3. Then exactly `length` bytes of body; what follows belongs to the next frame. */
    char *body = malloc((size_t) length + 1);
    if (!body) die("out of memory");
    size_t got = 0;
    while (got < (size_t) length) {
        if (c->start == c->end) fill(c);
        size_t n = c->end - c->start;
        if (n > (size_t) length - got) n = (size_t) length - got;
        memcpy(body + got, c->buf + c->start, n);
        c->start += n;
        got += n;
    }
    body[length] = '\0';
    return body;
}

/* ---- a tiny JSON scanner (no parser needed for what this client looks at) ---------------- */

/* Skips one JSON value starting at p (after whitespace); returns the first byte after it. */
static const char *skip_value(const char *p) {
    int depth = 0;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    do {
        if (*p == '"') {                        /* a string: skip to its closing quote */
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1]) p++;
        } else if (*p == '{' || *p == '[') {
            depth++;
        } else if (*p == '}' || *p == ']') {
            depth--;
        } else if (depth == 0) {                /* a number, true, false or null */
            while (*p && *p != ',' && *p != '}' && *p != ']') p++;
            return p;
        }
        if (*p) p++;
    } while (*p && depth > 0);
    return p;
}

/*
 * Returns a pointer to the value of member `key` of the JSON object at `object`, or NULL.
 * Only the object's own members are looked at, never those of nested objects, so a "result"
 * that happens to contain the text "error" is not mistaken for an error.
 */
static const char *member(const char *object, const char *key) {
    if (!object) return NULL;
    while (*object == ' ' || *object == '\t' || *object == '\r' || *object == '\n') object++;
    if (*object != '{') return NULL;
    size_t klen = strlen(key);
    const char *p = object + 1;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == ',') p++;
        if (*p != '"') return NULL;             /* '}' (end of object) or malformed */
        const char *name = p + 1;
        const char *after_name = skip_value(p);
        int match = (size_t) (after_name - 1 - name) == klen && strncmp(name, key, klen) == 0;
        p = after_name;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (*p != ':') return NULL;
        p++;
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
        if (match) return p;
        p = skip_value(p);
    }
}

/* The integer at `value` (a member() result), or -1 when there is none. */
static long number(const char *value) {
    return value ? strtol(value, NULL, 10) : -1;
}

/* Copies `text` into `out` as a JSON string literal, quotes included ("a\"b"). */
static void json_string(char *out, size_t size, const char *text) {
    size_t n = 0;
    if (size < 3) die("buffer too small");
    out[n++] = '"';
    for (const unsigned char *s = (const unsigned char *) text; *s; s++) {
        char escaped[8];
        if (*s == '"' || *s == '\\') snprintf(escaped, sizeof escaped, "\\%c", *s);
        else if (*s < 0x20) snprintf(escaped, sizeof escaped, "\\u%04x", *s);
        else { escaped[0] = (char) *s; escaped[1] = '\0'; }
        size_t len = strlen(escaped);
        if (n + len + 2 > size) die("string too long");
        memcpy(out + n, escaped, len);
        n += len;
    }
    out[n++] = '"';
    out[n] = '\0';
}

/* ---- JSON-RPC --------------------------------------------------------------------------- */

/*
 * Called for each notification the server pushes: a message with a "method" and no "id", which is
 * never answered. It may arrive before the response to a request (orders.track sends orders.status
 * first). This client prints it; a real one would look at the method and act on the params.
 */
static void on_notification(const char *message) {
    printf("<-- %s (notification)\n", message);
}

/*
 * Sends a request with `params_json` (an array or object literal) and returns the response
 * with the same id (free it). This client has one request in flight at a time: notifications
 * that arrive meanwhile go to on_notification, responses with another id (there are none here)
 * are skipped.
 */
static char *call(struct conn *c, const char *method, const char *params_json) {
    int id = c->next_id++;
    char request[1024];
    int n = snprintf(request, sizeof request,
                     "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"%s\",\"params\":%s}",
                     id, method, params_json);
    if (n < 0 || (size_t) n >= sizeof request) die("request too long");
    printf("--> %s\n", request);
    send_frame(c, request);

    for (;;) {
        char *response = read_frame(c);
        const char *rid = member(response, "id");
        if (!rid && member(response, "method")) {
            on_notification(response);
            free(response);
            continue;
        }
        /* id null: an error the server could not attribute to a request (bad frame, -32000). */
        if (rid && (strncmp(rid, "null", 4) == 0 || number(rid) == id)) {
            printf("<-- %s\n", response);
            return response;
        }
        free(response);
    }
}

/* A notification has no id and gets no response: send it and go on. */
static void notify(struct conn *c, const char *method, const char *params_json) {
    char message[1024];
    int n = snprintf(message, sizeof message, "{\"jsonrpc\":\"2.0\",\"method\":\"%s\",\"params\":%s}",
                     method, params_json);
    if (n < 0 || (size_t) n >= sizeof message) die("notification too long");
    printf("--> %s (notification, no response)\n", message);
    send_frame(c, message);
}

/* The "result" of a response, or exits with the error's code and message. */
static const char *expect_result(const char *response, const char *what) {
    const char *result = member(response, "result");
    if (!result) {
        const char *error = member(response, "error");
        die("%s failed: error %ld in %s", what, number(member(error, "code")), response);
    }
    return result;
}

int main(int argc, char **argv) {
    char path[256];
    if (argc > 1) {
        snprintf(path, sizeof path, "%s", argv[1]);
    } else {
        const char *dir = getenv("XDG_RUNTIME_DIR");
        if (dir && *dir) {
            snprintf(path, sizeof path, "%s/orders.sock", dir);
        } else {
            /* The server's own directory in Java's temp directory: /tmp on Linux, $TMPDIR on macOS. */
            const char *temp = "/tmp";
#ifdef __APPLE__
            if (getenv("TMPDIR") && *getenv("TMPDIR")) temp = getenv("TMPDIR");
#endif
            struct passwd *pw = getpwuid(getuid());
            char user[64];
            snprintf(user, sizeof user, "%s", pw ? pw->pw_name : "user");
            for (char *p = user; *p; p++) {
                if (!isalnum((unsigned char) *p) && *p != '.' && *p != '_' && *p != '-') *p = '_';
            }
            snprintf(path, sizeof path, "%s/pipe-ipc-%s/orders.sock", temp, user);
        }
    }
    signal(SIGPIPE, SIG_IGN);   /* a closed connection should be an error, not a silent exit */
    setvbuf(stdout, NULL, _IOLBF, 0);

    struct conn *c = malloc(sizeof *c);
    if (!c) die("out of memory");
    printf("connecting to %s\n", path);
    conn_open(c, path);

    /* Whole-object params: the params object is the new order. Strings from elsewhere must be
       JSON-escaped before they go into a request; json_string does that. */
    char item[64], params[256];
    json_string(item, sizeof item, "coffee");
    snprintf(params, sizeof params, "{\"item\":%s,\"quantity\":%d}", item, 2);
    char *created = call(c, "orders.create", params);
    long order_id = number(member(expect_result(created, "orders.create"), "id"));
    printf("created order %ld\n", order_id);
    free(created);

    /* Positional params: [id]. */
    snprintf(params, sizeof params, "[%ld]", order_id);
    char *fetched = call(c, "orders.get", params);
    expect_result(fetched, "orders.get");
    free(fetched);

    /* Named params; minQuantity is optional. */
    snprintf(params, sizeof params, "{\"item\":%s,\"minQuantity\":%d}", item, 2);
    char *found = call(c, "orders.find", params);
    expect_result(found, "orders.find");
    free(found);

    /* A notification: the server logs the message and sends nothing back. */
    char message[128];
    json_string(message, sizeof message, "hello from the C client");
    snprintf(params, sizeof params, "[%s]", message);
    notify(c, "orders.log", params);

    /* An application error: error code 1001 with data {"id": ...}. */
    char *missing = call(c, "orders.get", "[999999]");
    const char *error = member(missing, "error");
    long code = number(member(error, "code"));
    if (code != 1001) die("orders.get 999999: expected error 1001, got %s", missing);
    printf("orders.get 999999 failed as expected: error %ld\n", code);
    free(missing);

    /* Server push: an orders.status notification comes before the response. */
    snprintf(params, sizeof params, "[%ld]", order_id);
    char *tracked = call(c, "orders.track", params);
    expect_result(tracked, "orders.track");
    free(tracked);

    /* Named params for a one-parameter method: {"id": ...}. */
    snprintf(params, sizeof params, "{\"id\":%ld}", order_id);
    char *cancelled = call(c, "orders.cancel", params);
    expect_result(cancelled, "orders.cancel");
    free(cancelled);

    close(c->fd);
    free(c);
    return 0;
}
