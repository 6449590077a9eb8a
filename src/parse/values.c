/* values: Go-compatible typing of YAML scalars and flag strings (quoted "true" is not a bool). */
#include "parse/values.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "shared/strutil.h"

static const char *const type_names[_VT_MAX] = {
        [VT_STRING] = "string", [VT_BOOL] = "bool", [VT_INT] = "int",
        [VT_DURATION] = "duration", [VT_LIST] = "list",
};

enum value_type value_type_from_string(const char *s)
{
        for (int i = 0; i < _VT_MAX; i++)
                if (streq(s, type_names[i]))
                        return (enum value_type)i;
        return _VT_INVALID;
}

const char *value_type_to_string(enum value_type t)
{
        return t >= 0 && t < _VT_MAX ? type_names[t] : "?";
}

/* YAML 1.1 booleans as the Go YAML decoder used by Kubernetes resolves them. */
static int yaml11_bool(const char *s, bool *ret)
{
        static const char *const t[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
        static const char *const f[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                if (streq(s, t[i])) {
                        *ret = true;
                        return 0;
                }
                if (streq(s, f[i])) {
                        *ret = false;
                        return 0;
                }
        }
        return -EINVAL;
}

int value_from_string(enum value_type t, const char *s, struct arena *a, struct value *ret,
                      char **ret_error)
{
        struct value v = {.raw = arena_strdup(a, s)};
        switch (t) {
        case VT_BOOL: {
                bool b;
                if (parse_go_bool(s, &b) < 0) {
                        *ret_error = arena_printf(a, "\"%s\" is not a boolean", s);
                        return -EINVAL;
                }
                v.norm = arena_strdup(a, b ? "true" : "false");
                break;
        }
        case VT_INT: {
                int64_t i;
                if (parse_int64(s, &i) < 0) {
                        *ret_error = arena_printf(a, "\"%s\" is not an integer", s);
                        return -EINVAL;
                }
                v.norm = arena_printf(a, "%lld", (long long)i);
                break;
        }
        case VT_DURATION: {
                int64_t ns;
                if (parse_go_duration(s, &ns) < 0) {
                        *ret_error = arena_printf(a, "\"%s\" is not a duration", s);
                        return -EINVAL;
                }
                v.norm = format_seconds(a, ns);
                break;
        }
        case VT_LIST:
                v.n_items = str_split(a, s, ',', &v.items);
                v.norm = str_join(a, v.items, v.n_items, ",");
                break;
        default:
                v.norm = arena_strdup(a, s);
                break;
        }
        *ret = v;
        return 0;
}

int value_from_ynode(enum value_type t, const struct ynode *n, struct arena *a,
                     struct value *ret, char **ret_error)
{
        if (t == VT_LIST) {
                if (n->type != YNODE_SEQ) {
                        *ret_error = arena_printf(a, "expected a list, found %s",
                                                  ynode_type_name(n));
                        return -EINVAL;
                }
                struct value v = {0};
                v.items = arena_alloc(a, (n->n + 1) * sizeof(char *));
                for (size_t i = 0; i < n->n; i++) {
                        if (n->items[i]->type != YNODE_SCALAR) {
                                *ret_error = arena_printf(a, "list item %zu is %s", i + 1,
                                                          ynode_type_name(n->items[i]));
                                return -EINVAL;
                        }
                        v.items[v.n_items++] = n->items[i]->value;
                }
                v.norm = str_join(a, v.items, v.n_items, ",");
                v.raw = arena_printf(a, "[%s]", str_join(a, v.items, v.n_items, ", "));
                *ret = v;
                return 0;
        }
        if (n->type != YNODE_SCALAR) {
                *ret_error = arena_printf(a, "expected a %s, found %s", value_type_to_string(t),
                                          ynode_type_name(n));
                return -EINVAL;
        }
        if (t == VT_BOOL) {
                bool b;
                if (!n->plain || yaml11_bool(n->value, &b) < 0) {
                        *ret_error = arena_printf(a, "expected a boolean, found %s \"%s\"",
                                                  n->plain ? "the scalar" : "the string",
                                                  n->value);
                        return -EINVAL;
                }
                *ret = (struct value){.raw = n->value,
                                      .norm = arena_strdup(a, b ? "true" : "false")};
                return 0;
        }
        if (t == VT_INT && !n->plain) {
                *ret_error = arena_printf(a, "expected a number, found the string \"%s\"",
                                          n->value);
                return -EINVAL;
        }
        return value_from_string(t, n->value, a, ret, ret_error);
}

bool value_is_zero(enum value_type t, const struct value *v)
{
        switch (t) {
        case VT_BOOL:
                return streq(v->norm, "false");
        case VT_INT:
        case VT_DURATION:
                return streq(v->norm, "0");
        case VT_LIST:
                return v->n_items == 0;
        default:
                return !v->norm || !*v->norm;
        }
}
