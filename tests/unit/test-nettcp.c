/* test-nettcp: the kernel's TCP socket tables — addresses in the machine's
 * byte order, loopback and wildcard, states and inodes — what is refused, and
 * the running kernel's own tables parsed as they are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/localfs.h"
#include "io/rootfs.h"
#include "parse/nettcp.h"
#include "shared/strutil.h"

#define HEAD "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"

static int parse(struct arena *a, const char *text, bool v6, struct tcp_socket **s, size_t *n,
                 unsigned *line, char **why)
{
        return nettcp_parse(text, strlen(text), v6, a, s, n, line, why);
}

static void test_v4(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct tcp_socket *s;
        size_t n;
        unsigned line;
        char *why;
        uint32_t lo, node;
        inet_pton(AF_INET, "127.0.0.1", &lo);
        inet_pton(AF_INET, "10.0.0.5", &node);
        char text[1024];
        snprintf(text, sizeof(text), HEAD
                 "   0: %08X:2813 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4101 1 0000000000000000 100 0 0 10 0\n"
                 "   1: 00000000:2817 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4102 1 0000000000000000 100 0 0 10 0\n"
                 "   2: %08X:0950 %08X:D431 01 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000 20 4 30 10 -1\n",
                 lo, node, lo);
        assert_int_equal(parse(a, text, false, &s, &n, &line, &why), 0);
        assert_int_equal(n, 3);
        assert_string_equal(s[0].addr, "127.0.0.1");
        assert_int_equal(s[0].port, 10259);
        assert_int_equal(s[0].state, NETTCP_LISTEN);
        assert_int_equal(s[0].inode, 4101);
        assert_true(s[0].loopback);
        assert_false(s[0].wildcard);
        assert_true(s[1].wildcard);
        assert_false(s[1].loopback);
        assert_string_equal(nettcp_endpoint(&s[1], a), "0.0.0.0:10263");
        assert_string_equal(s[2].addr, "10.0.0.5");
        assert_int_equal(s[2].state, 1);
        assert_false(s[2].loopback);
}

static void test_v6(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct tcp_socket *s;
        size_t n;
        unsigned line;
        char *why;
        const char *addrs[] = {"::", "::1", "::ffff:127.0.0.1", "fd00::5"};
        struct strbuf sb = {0};
        strbuf_puts(&sb, HEAD);
        for (size_t i = 0; i < ELEMENTSOF(addrs); i++) {
                uint32_t w[4];
                inet_pton(AF_INET6, addrs[i], w);
                strbuf_printf(&sb, "%4zu: %08X%08X%08X%08X:0953 00000000000000000000000000000000:0000 0A "
                                   "00000000:00000000 00:00000000 00000000     0        0 %zu 1 0 100 0 0 10 0\n",
                              i, w[0], w[1], w[2], w[3], 500 + i);
        }
        assert_int_equal(parse(a, sb.buf, true, &s, &n, &line, &why), 0);
        strbuf_free(&sb);
        assert_int_equal(n, 4);
        assert_true(s[0].wildcard);
        assert_string_equal(nettcp_endpoint(&s[0], a), "[::]:2387");
        assert_true(s[1].loopback);
        assert_string_equal(s[1].addr, "::1");
        assert_true(s[2].loopback); /* an IPv4-mapped loopback */
        assert_false(s[3].loopback);
        assert_false(s[3].wildcard);
        assert_string_equal(s[3].addr, "fd00::5");
}

static void refused(const char *text, bool v6, unsigned want_line)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct tcp_socket *s;
        size_t n;
        unsigned line = 0;
        char *why = NULL;
        assert_int_equal(parse(a, text, v6, &s, &n, &line, &why), -EBADMSG);
        assert_non_null(why);
        assert_int_equal(line, want_line);
}

static void test_refused(void **state)
{
        refused("", false, 1);
        refused("   0: 0100007F:2813 00000000:0000 0A 0:0 00:0 0 0 0 4101\n", false, 1); /* no header */
        refused(HEAD "   0: 0100007F:2813\n", false, 2);                                   /* short */
        refused(HEAD "   0: 0100007G:2813 00000000:0000 0A 0:0 00:0 0 0 0 4101\n", false, 2); /* not hex */
        refused(HEAD "   0: 0100007F:2813 00000000:0000 0A 0:0 00:0 0 0 0 4101\n", true, 2); /* v4 in tcp6 */
        refused(HEAD "   0: 0100007F:2813 00000000:0000 1FF 0:0 00:0 0 0 0 4101\n", false, 2); /* state */
        refused(HEAD "   0: 0100007F:2813 00000000:0000 0A 0:0 00:0 0 0 0 -1\n", false, 2);  /* inode */
        refused(HEAD "   0 0100007F:2813 00000000:0000 0A 0:0 00:0 0 0 0 1\n", false, 2);    /* slot */
        refused(HEAD "   0: 0100007F:02813 00000000:0000 0A 0:0 00:0 0 0 0 1\n", false, 2);  /* port */
}

/* The running kernel's tables: every line parses, and a socket this test
 * listens on is found at its address and port. */
static void test_running_kernel(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        assert_true(fd >= 0);
        struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
        assert_int_equal(listen(fd, 1), 0);
        socklen_t sl = sizeof(sin);
        getsockname(fd, (struct sockaddr *)&sin, &sl);
        struct stat st;
        assert_int_equal(fstat(fd, &st), 0);
        char *buf;
        size_t len;
        assert_int_equal(local_read_file("/proc/self/net/tcp", 16 << 20, a, &buf, &len), 0);
        struct tcp_socket *s;
        size_t n;
        unsigned line;
        char *why = NULL;
        if (nettcp_parse(buf, len, false, a, &s, &n, &line, &why) < 0)
                fail_msg("/proc/self/net/tcp:%u: %s", line, why);
        bool found = false;
        for (size_t i = 0; i < n; i++)
                found |= s[i].inode == st.st_ino && s[i].port == ntohs(sin.sin_port) &&
                         s[i].state == NETTCP_LISTEN && s[i].loopback && streq(s[i].addr, "127.0.0.1");
        assert_true(found);
        close(fd);
        if (local_read_file("/proc/self/net/tcp6", 16 << 20, a, &buf, &len) == 0 &&
            nettcp_parse(buf, len, true, a, &s, &n, &line, &why) < 0)
                fail_msg("/proc/self/net/tcp6:%u: %s", line, why);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_v4),
                cmocka_unit_test(test_v6),
                cmocka_unit_test(test_refused),
                cmocka_unit_test(test_running_kernel),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
