/* sysctl: kernel parameters as the running kernel has them (PROC/sys). */
#include <errno.h>

#include "defs/profile.h"
#include "probes/result.h"
#include "io/rootfs.h"
#include "model/files.h"
#include "model/node.h"
#include "probes/table.h"
#include "shared/strutil.h"

static void read_one(struct node *node, const char *name, struct setting_value *ret)
{
        struct arena *a = node->a;
        char *v, *where;
        *ret = (struct setting_value){.source = SOURCE_SYSCTL};
        int err = node_sysctl(node, name, &v, &where);
        ret->detail = where;
        if (err == -ENOENT) {
                ret->ok = true;
                ret->note = arena_printf(a, "%s does not exist in this kernel", name);
                return;
        }
        if (err < 0) {
                ret->error = arena_printf(a, "%s: %s", where, rootfs_strerror(err));
                return;
        }
        ret->ok = ret->has_value = true;
        ret->value.norm = ret->value.raw = v;
}

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        const struct check *c = e->check;
        if (!node_has_proc(node)) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(node->a, "no /proc to read kernel parameters from (offline scan)");
                return;
        }
        /* Each parameter read once; one the kernel does not have is not applicable. */
        struct setting_value *read = arena_alloc(node->a, (c->n_keys + 1) * sizeof(*read));
        size_t present = 0;
        for (size_t i = 0; i < c->n_keys; i++) {
                read_one(node, c->keys[i], &read[i]);
                present += read[i].has_value || read[i].error;
        }
        if (!present) {
                r->status = STATUS_SKIP;
                r->source = SOURCE_SYSCTL;
                r->reason = arena_printf(node->a, "%s does not exist in this kernel",
                                         str_join(node->a, c->keys, c->n_keys, ", "));
                return;
        }
        *ret = (struct evidence){.kind = EVIDENCE_VALUES, .n = c->n_keys, .names = c->keys,
                                 .values = read, .owner = "the kernel"};
}

const struct probe_ops probe_sysctl_ops = {
        .name = "sysctl",
        .collect = collect,
};
