/* nettcp: the kernel's table of TCP sockets (/proc/net/tcp, /proc/net/tcp6). */
#include "parse/nettcp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shared/strutil.h"

static bool hex_word(const char *s, size_t n, uint64_t *ret)
{
        uint64_t v = 0;
        if (n == 0 || n > 16)
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                int d = c >= '0' && c <= '9' ? c - '0'
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                               : -1;
                if (d < 0)
                        return false;
                v = (v << 4) | (unsigned)d;
        }
        *ret = v;
        return true;
}

/* "0100007F:0CEA" into S. */
static bool parse_endpoint(const char *f, size_t n, bool v6, struct tcp_socket *s)
{
        size_t alen = v6 ? 32 : 8;
        uint64_t port;
        if (n != alen + 5 || f[alen] != ':' || !hex_word(f + alen + 1, 4, &port))
                return false;
        unsigned char bytes[16];
        for (size_t w = 0; w < alen / 8; w++) {
                uint64_t word;
                if (!hex_word(f + 8 * w, 8, &word))
                        return false;
                uint32_t native = (uint32_t)word;
                memcpy(bytes + 4 * w, &native, 4); /* the kernel printed its own byte order */
        }
        s->port = (unsigned)port;
        if (!inet_ntop(v6 ? AF_INET6 : AF_INET, bytes, s->addr, sizeof(s->addr)))
                return false;
        static const unsigned char zero[16], mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        static const unsigned char one6[16] = {[15] = 1};
        if (v6) {
                s->wildcard = memcmp(bytes, zero, 16) == 0;
                s->loopback = memcmp(bytes, one6, 16) == 0 ||
                              (memcmp(bytes, mapped, 12) == 0 && bytes[12] == 127);
        } else {
                s->wildcard = memcmp(bytes, zero, 4) == 0;
                s->loopback = bytes[0] == 127;
        }
        return true;
}

int nettcp_parse(const char *buf, size_t len, bool v6, struct arena *a, struct tcp_socket **ret,
                 size_t *ret_n, unsigned *ret_line, char **why)
{
        struct tcp_socket *out = NULL;
        size_t n = 0, cap = 0;
        unsigned line = 0;
        const char *p = buf, *end = buf + len;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                const char *eol = nl ? nl : end;
                line++;
                char *text = arena_strndup(a, p, (size_t)(eol - p));
                p = nl ? nl + 1 : end;
                if (line == 1) {
                        if (!strstr(text, "local_address")) {
                                *ret_line = line;
                                *why = arena_strdup(a, "no header line (\"sl local_address ...\")");
                                return -EBADMSG;
                        }
                        continue;
                }
                char **f;
                size_t nf = 0;
                /* fields separated by runs of spaces */
                char *save = NULL, *tok;
                f = arena_alloc(a, 24 * sizeof(char *));
                for (tok = strtok_r(text, " \t", &save); tok && nf < 24; tok = strtok_r(NULL, " \t", &save))
                        f[nf++] = tok;
                if (nf == 0)
                        continue;
                struct tcp_socket s = {0};
                uint64_t state, inode;
                if (nf < 10 || !str_endswith(f[0], ":") ||
                    !parse_endpoint(f[1], strlen(f[1]), v6, &s) || !hex_word(f[3], strlen(f[3]), &state) ||
                    state > 0xff || parse_uint64(f[9], &inode) < 0) {
                        *ret_line = line;
                        *why = arena_printf(a, "not a %s socket line", v6 ? "tcp6" : "tcp");
                        return -EBADMSG;
                }
                s.state = (unsigned)state;
                s.inode = inode;
                out = arena_grow_items(a, out, n, &cap, sizeof(*out));
                out[n++] = s;
        }
        if (line == 0) {
                *ret_line = 1;
                *why = arena_strdup(a, "empty");
                return -EBADMSG;
        }
        *ret = out;
        *ret_n = n;
        return 0;
}

char *nettcp_endpoint(const struct tcp_socket *s, struct arena *a)
{
        return strchr(s->addr, ':') ? arena_printf(a, "[%s]:%u", s->addr, s->port)
                                    : arena_printf(a, "%s:%u", s->addr, s->port);
}
