/* listeners: the TCP sockets a process listens on, from the kernel's socket
 * tables (PROC/PID/net/tcp and tcp6, its own network namespace) matched to
 * the sockets it holds open (PROC/PID/fd/N -> socket:[INODE]). */
#include "model/listeners.h"

#include <errno.h>
#include <string.h>

#include "io/rootfs.h"
#include "model/node.h"
#include "parse/nettcp.h"
#include "proc/proc.h"
#include "shared/strutil.h"

#define NETTCP_MAX_FILE (16u * 1024 * 1024)

/* The sockets of one table, PROC/PID/net/NAME (else PROC/net/NAME). A missing
 * tcp6 (IPv6 disabled) is no socket; anything else unreadable is an error. */
static int read_table(struct node *node, int pid, const char *name, bool v6,
                      struct tcp_socket **ret, size_t *ret_n, char **ret_where, char **why)
{
        struct arena *a = node->a;
        char *buf;
        size_t len;
        char *rel = arena_printf(a, "%d/net/%s", pid, name);
        int err = rootfs_read_file(node->procfs, rel, NETTCP_MAX_FILE, a, &buf, &len);
        if (err == -ENOENT) {
                rel = arena_printf(a, "net/%s", name);
                err = rootfs_read_file(node->procfs, rel, NETTCP_MAX_FILE, a, &buf, &len);
        }
        *ret_where = arena_printf(a, "/proc/%s", rel);
        *ret_n = 0;
        if (err == -ENOENT && v6)
                return 0;
        if (err < 0) {
                *why = arena_printf(a, "%s: %s", *ret_where, rootfs_strerror(err));
                return err;
        }
        unsigned line = 0;
        char *pwhy = NULL;
        if (nettcp_parse(buf, len, v6, a, ret, ret_n, &line, &pwhy) < 0) {
                *why = arena_printf(a, "%s:%u: %s", *ret_where, line, pwhy);
                return -EBADMSG;
        }
        return 0;
}

int node_listeners(struct node *node, int pid, struct listeners *ret, char **ret_where,
                   char **ret_error)
{
        struct arena *a = node->a;
        uint64_t *inodes;
        size_t n_inodes;
        int err = proc_read_socket_inodes(node->procs, pid, a, &inodes, &n_inodes);
        *ret_where = NULL;
        if (err < 0) {
                *ret_error = arena_printf(a, "/proc/%d/fd: %s", pid, rootfs_strerror(err));
                return err;
        }
        static const char *const tables[] = {"tcp", "tcp6"};
        char *where[2] = {0};
        struct listeners l = {0};
        size_t cap = 0;
        for (size_t t = 0; t < 2; t++) {
                struct tcp_socket *socks;
                size_t n;
                if ((err = read_table(node, pid, tables[t], t == 1, &socks, &n, &where[t], ret_error)) < 0) {
                        *ret_where = where[t];
                        return err;
                }
                for (size_t i = 0; i < n; i++) {
                        if (socks[i].state != NETTCP_LISTEN)
                                continue;
                        bool held = false;
                        for (size_t k = 0; k < n_inodes && !held; k++)
                                held = inodes[k] == socks[i].inode;
                        if (!held)
                                continue;
                        l.socks = arena_grow_items(a, l.socks, l.n, &cap, sizeof(*l.socks));
                        l.socks[l.n++] = socks[i];
                }
        }
        l.where = arena_printf(a, "%s, %s and /proc/%d/fd", where[0], where[1], pid);
        *ret = l;
        return 0;
}
