/* nettcp: the kernel's table of TCP sockets (/proc/net/tcp, /proc/net/tcp6). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shared/arena.h"

#define NETTCP_LISTEN 0x0A

struct tcp_socket {
        char addr[48];  /* the local address as inet_ntop writes it: "127.0.0.1", "::" */
        unsigned port;
        unsigned state; /* NETTCP_LISTEN for a listening socket */
        uint64_t inode;
        bool loopback;  /* 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104 */
        bool wildcard;  /* 0.0.0.0 or :: */
};

/* Parses BUF, the text of PROC/net/tcp (V6 false) or tcp6 (V6 true): a header
 * line, then one socket a line. Addresses are the kernel's words printed in
 * the machine's own byte order (read on the machine that wrote them). A line
 * that is not a socket is -EBADMSG with *ret_line and *why. */
int nettcp_parse(const char *buf, size_t len, bool v6, struct arena *a, struct tcp_socket **ret,
                 size_t *ret_n, unsigned *ret_line, char **why);
/* "127.0.0.1:10259", "[::1]:2379" */
char *nettcp_endpoint(const struct tcp_socket *s, struct arena *a);
