/* helpers: what several probes do the same way. */
#include "probes/helpers.h"

#include <errno.h>
#include <stdarg.h>

#include "defs/catalog.h"
#include "defs/profile.h"
#include "probes/probe.h"
#include "probes/result.h"
#include "model/component.h"
#include "io/rootfs.h"
#include "model/node.h"
#include "model/sshd.h"
#include "shared/strutil.h"

void probe_error(struct result *r, struct arena *a, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        r->status = STATUS_ERROR;
        r->reason = arena_vprintf(a, fmt, ap);
        va_end(ap);
}

void probe_add_reason(struct result *r, struct arena *a, const char *text)
{
        if (!text || !*text)
                return;
        r->reason = r->reason ? arena_printf(a, "%s; %s", r->reason, text) : arena_strdup(a, text);
}

struct component *probe_need_component(struct node *node, const struct check *c, struct result *r)
{
        struct component *comp = node_component(node, c->component);
        if (comp->state == COMPONENT_ABSENT) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(node->a, comp->reason);
                return NULL;
        }
        if (comp->state == COMPONENT_BROKEN) {
                probe_error(r, node->a, "%s", comp->reason);
                return NULL;
        }
        return comp;
}

bool probe_each_instance(struct node *node, const struct profile_entry *e, struct result *r,
                         struct evidence *ret, probe_instance_fn *one)
{
        struct component *const *all;
        size_t n = node_component_instances(node, e->check->component, &all);
        if (n < 2)
                return false;
        struct evidence_instance *in = arena_alloc(node->a, n * sizeof(*in));
        for (size_t i = 0; i < n; i++) {
                in[i].label = component_instance_name(all[i], node->a);
                in[i].result = (struct result){.entry = r->entry, .expected = r->expected};
                in[i].ev = (struct evidence){.kind = EVIDENCE_DECIDED};
                if (all[i]->state == COMPONENT_BROKEN)
                        probe_error(&in[i].result, node->a, "%s", all[i]->reason);
                else
                        one(node, e, all[i], &in[i].result, &in[i].ev);
        }
        *ret = (struct evidence){.kind = EVIDENCE_DECIDED, .n_instances = n, .instances = in};
        return true;
}

struct sshd_model *probe_need_sshd(struct node *node, struct result *r)
{
        struct sshd_model *m;
        int err = node_sshd(node, &m);
        if (err == -ENOENT) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(node->a, "no /etc/ssh/sshd_config: sshd is not installed");
                return NULL;
        }
        if (err < 0) {
                probe_error(r, node->a, "/etc/ssh/sshd_config: %s", rootfs_strerror(err));
                return NULL;
        }
        if (m->cfg->limit) {
                /* an incomplete reading could hide the value that counts */
                probe_error(r, node->a, "%s", m->cfg->limit);
                return NULL;
        }
        return m;
}
