/* listen: the listening-socket probe. Which addresses a running component
 * listens on, from the kernel's socket tables (PROC/PID/net/tcp and tcp6, the
 * component's own network namespace) matched to the sockets it holds open
 * (PROC/PID/fd/N -> socket:[INODE]): what is exposed, not what is configured. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/scan.h"
#include "parse/nettcp.h"
#include "shared/strutil.h"

#define NETTCP_MAX_FILE (16u * 1024 * 1024)

/* The sockets of one table, PROC/PID/net/NAME (else PROC/net/NAME). A missing
 * tcp6 (IPv6 disabled) is no socket; anything else unreadable is an error. */
static int read_table(struct scan_env *env, int pid, const char *name, bool v6,
                      struct tcp_socket **ret, size_t *ret_n, char **ret_where, char **why)
{
        struct arena *a = env->a;
        char *buf;
        size_t len;
        char *rel = arena_printf(a, "%d/net/%s", pid, name);
        int err = rootfs_read_file(env->procfs, rel, NETTCP_MAX_FILE, a, &buf, &len);
        if (err == -ENOENT) {
                rel = arena_printf(a, "net/%s", name);
                err = rootfs_read_file(env->procfs, rel, NETTCP_MAX_FILE, a, &buf, &len);
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

static bool in_ports(unsigned port, const unsigned *ports, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (ports[i] == port)
                        return true;
        return false;
}

void probe_listening(struct scan_env *env, const struct profile_entry *e, struct result *r)
{
        const struct check *c = e->check;
        struct arena *a = env->a;
        struct component *comp = scan_env_component(env, c->component);
        const char *name = c->component->name;
        unsigned *ports = arena_alloc(a, (c->n_ports + 1) * sizeof(*ports));
        size_t n_ports = 0;
        for (size_t i = 0; i < c->n_ports; i++)
                ports[n_ports++] = c->ports[i];
        char *port_note = NULL;
        if (c->port_setting && comp->state == COMPONENT_RUNNING) {
                struct setting_value v;
                int64_t p;
                component_setting(comp, c->port_setting, a, &v);
                if (v.has_value && parse_int64(v.value.norm, &p) == 0 && p > 0 && p < 65536 &&
                    !in_ports((unsigned)p, ports, n_ports)) {
                        ports[n_ports++] = (unsigned)p;
                        port_note = arena_printf(a, "port %lld from %s", (long long)p, v.detail);
                }
        }
        struct strbuf pl = {0};
        for (size_t i = 0; i < n_ports; i++)
                strbuf_printf(&pl, "%s%u", i ? ", " : "", ports[i]);
        r->expected = c->listen_none ? arena_printf(a, "no listening socket on %s", pl.buf)
                                     : arena_printf(a, "only loopback addresses on %s", pl.buf);
        strbuf_free(&pl);
        if (comp->state == COMPONENT_ABSENT) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(a, comp->reason);
                return;
        }
        if (comp->state == COMPONENT_BROKEN) {
                r->status = STATUS_ERROR;
                r->reason = arena_strdup(a, comp->reason);
                return;
        }
        if (!env->procfs || comp->manifest_path || comp->pid <= 0) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "%s does not run here (its settings come from %s): "
                                            "no sockets to look at",
                                         name, comp->manifest_path ? comp->manifest_path : "files");
                return;
        }
        uint64_t *inodes;
        size_t n_inodes;
        int err = proc_read_socket_inodes(env->procs, comp->pid, a, &inodes, &n_inodes);
        r->source = SOURCE_PROC;
        if (err < 0) {
                r->status = STATUS_ERROR;
                r->reason = arena_printf(a, "/proc/%d/fd: %s", comp->pid, rootfs_strerror(err));
                return;
        }
        static const char *const tables[] = {"tcp", "tcp6"};
        struct strbuf actual = {0}, offenders = {0};
        char *where[2] = {0};
        size_t seen = 0;
        for (size_t t = 0; t < 2; t++) {
                struct tcp_socket *socks;
                size_t n;
                char *why = NULL;
                if (read_table(env, comp->pid, tables[t], t == 1, &socks, &n, &where[t], &why) < 0) {
                        r->status = STATUS_ERROR;
                        r->reason = why;
                        r->source_detail = where[t];
                        strbuf_free(&actual);
                        strbuf_free(&offenders);
                        return;
                }
                for (size_t i = 0; i < n; i++) {
                        const struct tcp_socket *s = &socks[i];
                        if (s->state != NETTCP_LISTEN || !in_ports(s->port, ports, n_ports))
                                continue;
                        bool held = false;
                        for (size_t k = 0; k < n_inodes && !held; k++)
                                held = inodes[k] == s->inode;
                        if (!held)
                                continue;
                        char *ep = nettcp_endpoint(s, a);
                        strbuf_printf(&actual, "%s%s", seen++ ? ", " : "", ep);
                        if (c->listen_none || !s->loopback)
                                strbuf_printf(&offenders, "%s%s%s", offenders.len ? ", " : "", ep,
                                              s->wildcard ? " (every address)" : "");
                }
        }
        r->source_detail = arena_printf(a, "%s, %s and /proc/%d/fd (pid %d, %s)", where[0],
                                        where[1], comp->pid, comp->pid, name);
        r->actual = seen ? arena_strdup(a, actual.buf)
                         : arena_printf(a, "%s listens on none of these ports", name);
        if (offenders.len) {
                r->status = STATUS_FAIL;
                r->reason = c->listen_none
                                    ? arena_printf(a, "%s listens on %s", name, offenders.buf)
                                    : arena_printf(a, "%s listens beyond loopback: %s", name,
                                                   offenders.buf);
        } else {
                r->status = STATUS_PASS;
        }
        if (port_note)
                r->reason = r->reason ? arena_printf(a, "%s; %s", r->reason, port_note) : port_note;
        strbuf_free(&actual);
        strbuf_free(&offenders);
}
