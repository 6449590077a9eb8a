/* condition: "when COMPONENT's SETTING equals (or starts with) VALUE" — the one
 * condition a check's when: and a distribution's conditional skip share. */
#pragma once

struct arena;
struct catalog;
struct component_spec;
struct diag;
struct setting_spec;
struct ynode;

enum condition_test {
        CONDITION_EQUALS, /* the value is this */
        CONDITION_PREFIX, /* the value, or any item of a list, starts with this */
};

struct condition {
        const struct component_spec *component;
        const struct setting_spec *setting;
        enum condition_test test;
        char *value;
};

/* N: {component, setting, equals | prefix}. Errors name file:line in D. */
int condition_parse(const struct ynode *n, const char *file, const struct catalog *cat,
                    struct arena *a, struct condition **ret, struct diag *d);
