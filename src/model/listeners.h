/* listeners: the TCP sockets a process listens on. */
#pragma once

#include <stddef.h>

struct node;
struct tcp_socket;

struct listeners {
        struct tcp_socket *socks; /* in LISTEN state and held by the process: tcp, then tcp6 */
        size_t n;
        char *where; /* the tables and the fd directory read */
};

/* PID's listening sockets. On failure *RET_ERROR says why and *RET_WHERE
 * names the table that could not be read (NULL: the fd directory). */
int node_listeners(struct node *node, int pid, struct listeners *ret, char **ret_where,
                   char **ret_error);
