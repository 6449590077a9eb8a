/* setting: a Kubernetes component's effective settings (model/component.c). */
#include "defs/profile.h"
#include "probes/result.h"
#include "model/component.h"
#include "model/node.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/strutil.h"

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        const struct check *c = e->check;
        struct component *comp = probe_need_component(node, c, r);
        if (!comp)
                return;
        char **names = arena_alloc(node->a, (c->n_settings + 1) * sizeof(char *));
        struct setting_value *values = arena_alloc(node->a, (c->n_settings + 1) * sizeof(*values));
        size_t n = 0;
        while (n < c->n_settings) {
                names[n] = c->settings[n]->name;
                component_setting(comp, c->settings[n], node->a, &values[n]);
                if (values[n++].error)
                        break; /* the first error is the result */
        }
        *ret = (struct evidence){.kind = EVIDENCE_VALUES, .n = n, .names = names,
                                 .values = values, .owner = comp->spec->name};
}

const struct probe_ops probe_setting_ops = {
        .name = "setting",
        .collect = collect,
};
