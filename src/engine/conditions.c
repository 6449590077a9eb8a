/* conditions: one evaluation of a condition for checks and distributions alike. */
#include "engine/conditions.h"

#include <string.h>

#include "defs/condition.h"
#include "model/component.h"
#include "model/node.h"
#include "shared/strutil.h"

static bool starts(const char *s, const char *prefix)
{
        return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

enum condition_state condition_eval(struct node *node, const struct condition *c,
                                    struct setting_value *ret_value)
{
        struct component *comp = node_component(node, c->component);
        *ret_value = (struct setting_value){0};
        if (comp->state != COMPONENT_RUNNING)
                return CONDITION_NOT_RUNNING;
        component_setting(comp, c->setting, node->a, ret_value);
        if (ret_value->error || !ret_value->ok)
                return CONDITION_UNKNOWN;
        if (!ret_value->has_value)
                return CONDITION_DOES_NOT_HOLD;
        if (c->test == CONDITION_EQUALS)
                return streq(ret_value->value.norm, c->value) ? CONDITION_HOLDS
                                                              : CONDITION_DOES_NOT_HOLD;
        for (size_t i = 0; i < ret_value->value.n_items; i++)
                if (starts(ret_value->value.items[i], c->value))
                        return CONDITION_HOLDS;
        return starts(ret_value->value.norm, c->value) ? CONDITION_HOLDS : CONDITION_DOES_NOT_HOLD;
}
