/* operators: eq, ne, one-of, has, not-has, subset-of, ge, le, mode-at-most, owner, set, unset. */
#include "defs/operators.h"

#include <string.h>

#include "shared/strutil.h"

static const char *const op_names[_OP_MAX] = {
        [OP_EQ] = "eq",         [OP_NE] = "ne",         [OP_ONE_OF] = "one-of",
        [OP_HAS] = "has",       [OP_NOT_HAS] = "not-has", [OP_SUBSET_OF] = "subset-of",
        [OP_GE] = "ge",         [OP_LE] = "le",         [OP_MODE_AT_MOST] = "mode-at-most",
        [OP_OWNER] = "owner",   [OP_SET] = "set",       [OP_UNSET] = "unset",
        [OP_MATCHES] = "matches",
        [OP_BETWEEN] = "between",
        [OP_FIELDS] = "fields",
};

enum op op_from_string(const char *s)
{
        for (int i = 0; i < _OP_MAX; i++)
                if (streq(s, op_names[i]))
                        return (enum op)i;
        return _OP_INVALID;
}

const char *op_to_string(enum op op)
{
        return op >= 0 && op < _OP_MAX ? op_names[op] : "?";
}

bool op_takes_expected(enum op op)
{
        return op != OP_SET && op != OP_UNSET;
}

bool op_mode_at_most(unsigned mode, unsigned max, unsigned *ret_extra)
{
        unsigned extra = (mode & 07777) & ~max;
        if (ret_extra)
                *ret_extra = extra;
        return extra == 0;
}

/* A list observed as a scalar is one item; a scalar "a,b" from a list flag is items. */
static size_t items_of(const struct observed *v, char *const **ret, struct arena *a)
{
        if (v->is_list) {
                *ret = v->items;
                return v->n_items;
        }
        char **items;
        size_t n = str_split(a, v->norm ? v->norm : "", ',', &items);
        *ret = items;
        return n;
}

static enum op_verdict compare_num(enum op op, const struct observed *v, const char *exp,
                                   struct arena *a, char **why)
{
        double x, y;
        if (parse_double(v->norm, &x) < 0) {
                *why = arena_printf(a, "\"%s\" is not a number", v->norm);
                return OP_CANNOT;
        }
        if (parse_double(exp, &y) < 0) {
                *why = arena_printf(a, "expected value \"%s\" is not a number", exp);
                return OP_CANNOT;
        }
        if (op == OP_GE ? x >= y : x <= y)
                return OP_PASS;
        *why = arena_printf(a, "%s is %s %s", v->norm, op == OP_GE ? "below" : "above", exp);
        return OP_FAIL;
}

enum op_verdict op_eval(enum op op, const struct observed *v, char *const *expected,
                        size_t n_expected, struct arena *a, char **ret_why)
{
        char *why = NULL;
        enum op_verdict r = OP_FAIL;
        const char *exp = n_expected ? expected[0] : "";
        char *const *items;
        size_t n;

        if (op == OP_SET || op == OP_UNSET) {
                bool set = v->has_value && (v->is_list ? v->n_items > 0 : v->norm && *v->norm);
                r = (set == (op == OP_SET)) ? OP_PASS : OP_FAIL;
                if (r == OP_FAIL)
                        why = arena_strdup(a, set ? "set" : "not set");
                goto out;
        }
        if (!v->has_value) {
                /* Unset: only "not equal" and "does not contain" can hold. */
                r = (op == OP_NE || op == OP_NOT_HAS) ? OP_PASS : OP_FAIL;
                if (r == OP_FAIL)
                        why = arena_strdup(a, "not set");
                goto out;
        }
        switch (op) {
        case OP_EQ:
                r = streq(v->norm, exp) ? OP_PASS : OP_FAIL;
                break;
        case OP_NE:
                r = streq(v->norm, exp) ? OP_FAIL : OP_PASS;
                break;
        case OP_ONE_OF:
                r = str_in_list(v->norm, expected, n_expected) ? OP_PASS : OP_FAIL;
                break;
        case OP_HAS:
                n = items_of(v, &items, a);
                r = OP_PASS;
                for (size_t i = 0; i < n_expected; i++)
                        if (!str_in_list(expected[i], items, n)) {
                                r = OP_FAIL;
                                why = arena_printf(a, "%s is missing", expected[i]);
                                break;
                        }
                break;
        case OP_NOT_HAS:
                n = items_of(v, &items, a);
                r = OP_PASS;
                for (size_t i = 0; i < n_expected; i++)
                        if (str_in_list(expected[i], items, n)) {
                                r = OP_FAIL;
                                why = arena_printf(a, "%s is present", expected[i]);
                                break;
                        }
                break;
        case OP_SUBSET_OF: {
                n = items_of(v, &items, a);
                struct strbuf sb = {0};
                for (size_t i = 0; i < n; i++)
                        if (!str_in_list(items[i], expected, n_expected)) {
                                if (sb.len)
                                        strbuf_puts(&sb, ", ");
                                strbuf_puts(&sb, items[i]);
                        }
                if (n == 0) {
                        r = OP_FAIL;
                        why = arena_strdup(a, "the list is empty");
                } else if (sb.len) {
                        r = OP_FAIL;
                        why = arena_printf(a, "not allowed: %s", sb.buf);
                } else {
                        r = OP_PASS;
                }
                strbuf_free(&sb);
                break;
        }
        case OP_GE:
        case OP_LE:
                r = compare_num(op, v, exp, a, &why);
                break;
        case OP_MODE_AT_MOST: {
                unsigned mode, max, extra;
                if (parse_mode(v->norm, &mode) < 0 || parse_mode(exp, &max) < 0) {
                        r = OP_CANNOT;
                        why = arena_printf(a, "cannot compare mode \"%s\" with \"%s\"", v->norm,
                                           exp);
                        break;
                }
                r = op_mode_at_most(mode, max, &extra) ? OP_PASS : OP_FAIL;
                if (r == OP_FAIL)
                        why = arena_printf(a, "permission bits %04o are beyond %04o", extra, max);
                break;
        }
        case OP_OWNER:
                r = streq(v->norm, exp) ? OP_PASS : OP_FAIL;
                break;
        case OP_BETWEEN: {
                double x, lo, hi;
                if (n_expected != 2 || parse_double(v->norm, &x) < 0 ||
                    parse_double(expected[0], &lo) < 0 || parse_double(expected[1], &hi) < 0) {
                        r = OP_CANNOT;
                        why = arena_printf(a, "cannot compare \"%s\" with a range", v->norm);
                        break;
                }
                r = x >= lo && x <= hi ? OP_PASS : OP_FAIL;
                break;
        }
        case OP_FIELDS: {
                char **f;
                size_t nf = str_split(a, v->norm ? v->norm : "", ':', &f);
                if (nf != n_expected) {
                        r = OP_CANNOT;
                        why = arena_printf(a, "\"%s\" does not have %zu fields", v->norm, n_expected);
                        break;
                }
                r = OP_PASS;
                for (size_t i = 0; i < nf && r == OP_PASS; i++) {
                        const char *c = expected[i];
                        size_t skip = (c[0] == '<' || c[0] == '>') && c[1] == '=' ? 2 : c[0] == '=' ? 1 : 0;
                        double x, lim;
                        if (parse_double(f[i], &x) < 0 || parse_double(c + skip, &lim) < 0) {
                                r = OP_CANNOT;
                                why = arena_printf(a, "cannot compare field %zu \"%s\" with \"%s\"", i + 1, f[i], c);
                                break;
                        }
                        bool ok = c[0] == '<' ? x <= lim : c[0] == '>' ? x >= lim : x == lim;
                        if (!ok) {
                                r = OP_FAIL;
                                why = arena_printf(a, "field %zu is %s, not %s", i + 1, f[i], c);
                        }
                }
                break;
        }
        case OP_MATCHES:
                r = OP_FAIL;
                for (size_t i = 0; i < n_expected; i++)
                        if (str_glob(expected[i], v->norm ? v->norm : ""))
                                r = OP_PASS;
                break;
        default:
                r = OP_CANNOT;
                why = arena_strdup(a, "unknown operator");
                break;
        }
out:
        if (ret_why)
                *ret_why = why;
        return r;
}

char *op_describe(enum op op, char *const *expected, size_t n_expected, struct arena *a)
{
        char *list = str_join(a, expected, n_expected, ", ");
        switch (op) {
        case OP_EQ:
        case OP_OWNER:
                return list;
        case OP_NE:
                return arena_printf(a, "not %s", list);
        case OP_ONE_OF:
                return arena_printf(a, "one of %s", list);
        case OP_HAS:
                return arena_printf(a, "includes %s", list);
        case OP_NOT_HAS:
                return arena_printf(a, "does not include %s", list);
        case OP_SUBSET_OF:
                return arena_printf(a, "only from %s", list);
        case OP_GE:
                return arena_printf(a, ">= %s", list);
        case OP_LE:
                return arena_printf(a, "<= %s", list);
        case OP_MODE_AT_MOST:
                return arena_printf(a, "%s or stricter", list);
        case OP_MATCHES:
                return arena_printf(a, "matches %s", str_join(a, expected, n_expected, " or "));
        case OP_BETWEEN:
                return n_expected == 2 ? arena_printf(a, "from %s to %s", expected[0], expected[1]) : list;
        case OP_FIELDS:
                return arena_printf(a, "fields %s", str_join(a, expected, n_expected, " : "));
        case OP_SET:
                return arena_strdup(a, "set");
        case OP_UNSET:
                return arena_strdup(a, "not set");
        default:
                return list;
        }
}
