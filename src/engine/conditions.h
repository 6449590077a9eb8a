/* conditions: whether a check's when: or a distribution's conditional skip holds on the node. */
#pragma once

struct condition;
struct node;
struct setting_value;

enum condition_state {
        CONDITION_HOLDS,
        CONDITION_DOES_NOT_HOLD, /* *ret_value says what the setting is */
        CONDITION_NOT_RUNNING,   /* the component does not run */
        CONDITION_UNKNOWN,       /* the setting cannot be read: ret_value->error */
};

enum condition_state condition_eval(struct node *node, const struct condition *c,
                                    struct setting_value *ret_value);
