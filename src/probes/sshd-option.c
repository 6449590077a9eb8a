/* sshd-option, sshd-config-valid: sshd's effective configuration (model/sshd.c). */
#include <errno.h>

#include "defs/profile.h"
#include "probes/result.h"
#include "model/node.h"
#include "model/sshd.h"
#include "parse/sshd-syntax.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/strutil.h"

static void collect_option(struct node *node, const struct profile_entry *e, struct result *r,
                           struct evidence *ret)
{
        const struct check *c = e->check;
        struct sshd_model *m = probe_need_sshd(node, r);
        if (!m)
                return;
        struct setting_value *values = arena_alloc(node->a, (c->n_keys + 1) * sizeof(*values));
        for (size_t i = 0; i < c->n_keys; i++)
                sshd_effective(m, c->keys[i], true, node->a, &values[i]);
        *ret = (struct evidence){.kind = EVIDENCE_VALUES, .n = c->n_keys, .names = c->keys,
                                 .values = values, .owner = "OpenSSH"};
        if (m->cfg->n_problems)
                ret->then = arena_printf(node->a, "sshd refuses this configuration (%s)",
                                         m->cfg->problems[0]);
}

static void collect_valid(struct node *node, const struct profile_entry *e, struct result *r,
                          struct evidence *ret)
{
        struct sshd_model *m = probe_need_sshd(node, r);
        if (!m)
                return;
        r->source = SOURCE_SSHD;
        r->source_detail = str_join(node->a, m->cfg->files, m->cfg->n_files, ", ");
        r->status = m->cfg->n_problems ? STATUS_FAIL : STATUS_PASS;
        r->actual = m->cfg->n_problems ? str_join(node->a, m->cfg->problems, m->cfg->n_problems, "; ")
                                       : arena_printf(node->a, "%zu file%s, no problem", m->cfg->n_files,
                                                      m->cfg->n_files == 1 ? "" : "s");
        r->expected = arena_strdup(node->a, "accepted by sshd");
        if (m->cfg->n_problems)
                r->reason = arena_strdup(node->a, "sshd refuses to start with this configuration: it is "
                                                  "down, or still running an older one");
}

const struct probe_ops probe_sshd_option_ops = {
        .name = "sshd-option",
        .collect = collect_option,
};

const struct probe_ops probe_sshd_valid_ops = {
        .name = "sshd-config-valid",
        .collect = collect_valid,
};
