/* manual: a recommendation that needs a person; nothing is collected. */
#include "probes/result.h"
#include "model/node.h"
#include "probes/table.h"
#include "shared/strutil.h"

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        r->status = STATUS_MANUAL;
        r->reason = arena_strdup(node->a, "needs a person to review; see the description");
}

const struct probe_ops probe_manual_ops = {
        .name = "manual",
        .collect = collect,
};
