/* listening: where a running component listens — what is exposed, not what
 * is configured (the sockets come from model/listeners.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defs/catalog.h"
#include "defs/profile.h"
#include "probes/result.h"
#include "model/component.h"
#include "model/listeners.h"
#include "model/node.h"
#include "parse/nettcp.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/strutil.h"

static bool in_ports(unsigned port, const unsigned *ports, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (ports[i] == port)
                        return true;
        return false;
}

/* The sockets of one instance of the component (its own pid's). */
static void listen_of(struct node *node, const struct profile_entry *e, struct component *comp,
                      struct result *r, struct evidence *ret)
{
        const struct check *c = e->check;
        struct arena *a = node->a;
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
        if (!node_has_proc(node) || comp->manifest_path || comp->pid <= 0) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "%s does not run here (its settings come from %s): "
                                            "no sockets to look at",
                                         name, comp->manifest_path ? comp->manifest_path : "files");
                return;
        }
        struct listeners l;
        char *where, *why;
        r->source = SOURCE_PROC;
        if (node_listeners(node, comp->pid, &l, &where, &why) < 0) {
                r->status = STATUS_ERROR;
                r->reason = why;
                r->source_detail = where;
                return;
        }
        struct strbuf actual = {0}, offenders = {0};
        size_t seen = 0;
        for (size_t i = 0; i < l.n; i++) {
                const struct tcp_socket *s = &l.socks[i];
                if (!in_ports(s->port, ports, n_ports))
                        continue;
                char *ep = nettcp_endpoint(s, a);
                strbuf_printf(&actual, "%s%s", seen++ ? ", " : "", ep);
                if (c->listen_none || !s->loopback)
                        strbuf_printf(&offenders, "%s%s%s", offenders.len ? ", " : "", ep,
                                      s->wildcard ? " (every address)" : "");
        }
        r->source_detail = arena_printf(a, "%s (pid %d, %s)", l.where, comp->pid, name);
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

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        if (!probe_each_instance(node, e, r, ret, listen_of))
                listen_of(node, e, node_component(node, e->check->component), r, ret);
}

const struct probe_ops probe_listening_ops = {
        .name = "listening",
        .collect = collect,
};
