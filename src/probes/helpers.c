/* helpers: what several probes do the same way. */
#include "probes/helpers.h"

#include <errno.h>
#include <stdarg.h>

#include "defs/catalog.h"
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
