/* setting: a Kubernetes component's effective settings (model/component.c). */
#include "defs/profile.h"
#include "probes/result.h"
#include "model/component.h"
#include "model/node.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/strutil.h"

/* The check's settings as one instance of its component has them. */
static void collect_instance(struct node *node, const struct profile_entry *e,
                             struct component *comp, struct result *r, struct evidence *ret)
{
        const struct check *c = e->check;
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

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        if (probe_each_instance(node, e, r, ret, collect_instance))
                return;
        struct component *comp = probe_need_component(node, e->check, r);
        if (comp)
                collect_instance(node, e, comp, r, ret);
}

const struct probe_ops probe_setting_ops = {
        .name = "setting",
        .collect = collect,
};
