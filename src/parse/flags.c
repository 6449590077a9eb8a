/* flags: pflag semantics — "=" or next-arg values, bare booleans, "--" terminator, accumulating lists. */
#include "parse/flags.h"

#include <string.h>

#include "shared/strutil.h"

enum flag_kind flag_spec_kind(const struct flag_spec *spec, const char *name, bool *ret_known)
{
        *ret_known = true;
        if (spec) {
                if (str_in_list(name, spec->bools, spec->n_bools))
                        return FLAG_BOOL;
                if (str_in_list(name, spec->lists, spec->n_lists))
                        return FLAG_LIST;
                if (str_in_list(name, spec->maps, spec->n_maps))
                        return FLAG_MAP;
                if (str_in_list(name, spec->scalars, spec->n_scalars))
                        return FLAG_SCALAR;
        }
        *ret_known = false;
        return FLAG_SCALAR;
}


/* The slot of NAME in the index: its flag, or the free slot it would take. */
static struct flag **index_slot(const struct flagset *fs, const char *name)
{
        size_t mask = fs->n_index - 1;
        for (size_t j = (size_t)str_hash(name) & mask;; j = (j + 1) & mask)
                if (!fs->index[j] || streq(fs->index[j]->name, name))
                        return &fs->index[j];
}

/* A command line of thousands of flags costs linear time: names are found
 * through a hash index, not by a walk of every flag seen so far. */
static struct flag *flag_slot(struct flagset *fs, const char *name, enum flag_kind kind,
                              struct arena *a)
{
        if (fs->n_index) {
                struct flag *found = *index_slot(fs, name);
                if (found)
                        return found;
        }
        struct flag *f = arena_alloc(a, sizeof(*f));
        f->name = arena_strdup(a, name);
        f->kind = kind;
        fs->flags = (struct flag **)arena_grow(a, (void **)fs->flags, fs->n, &fs->cap);
        fs->flags[fs->n++] = f;
        if (2 * fs->n > fs->n_index) {
                fs->n_index = fs->n_index ? 2 * fs->n_index : 64;
                fs->index = arena_alloc(a, fs->n_index * sizeof(*fs->index));
                for (size_t i = 0; i < fs->n; i++)
                        *index_slot(fs, fs->flags[i]->name) = fs->flags[i];
        } else {
                *index_slot(fs, name) = f;
        }
        return f;
}

static void add_items(struct flag *f, const char *value, struct arena *a)
{
        char **parts;
        size_t n = str_split(a, value, ',', &parts);
        for (size_t i = 0; i < n; i++) {
                f->items = arena_grow_items(a, f->items, f->n_items, &f->cap_items,
                                            sizeof(*f->items));
                f->items[f->n_items++] = parts[i];
        }
}

static void set_flag(struct flagset *fs, const char *name, enum flag_kind kind, bool guessed,
                     const char *value, const char *arg, struct arena *a)
{
        struct flag *f = flag_slot(fs, name, kind, a);
        f->count++;
        f->guessed = guessed;
        f->arg = arena_strdup(a, arg);
        switch (kind) {
        case FLAG_BOOL: {
                bool b;
                if (parse_go_bool(value, &b) < 0) {
                        f->error = arena_printf(a, "invalid boolean \"%s\" for --%s", value, name);
                        f->value = arena_strdup(a, value);
                } else {
                        f->error = NULL;
                        f->value = arena_strdup(a, b ? "true" : "false");
                }
                break;
        }
        case FLAG_LIST:
        case FLAG_MAP:
                /* pflag's slices replace their default on the first Set, then
                 * append; the joined value is made once, when parsing ends */
                add_items(f, value, a);
                f->join = true;
                break;
        case FLAG_SCALAR:
                f->value = arena_strdup(a, value);
                break;
        }
}

static void add_positional(struct flagset *fs, const char *s, struct arena *a)
{
        fs->positional = (char **)arena_grow(a, (void **)fs->positional, fs->n_positional,
                                             &fs->cap_positional);
        fs->positional[fs->n_positional++] = arena_strdup(a, s);
}

struct flagset *flags_parse(const struct flag_spec *spec, char *const *argv, size_t argc,
                            size_t first, struct arena *a)
{
        struct flagset *fs = arena_alloc(a, sizeof(*fs));
        for (size_t i = first; i < argc; i++) {
                const char *s = argv[i];
                if (streq(s, "--")) {
                        for (i++; i < argc; i++)
                                add_positional(fs, argv[i], a);
                        break;
                }
                if (s[0] != '-' || s[1] == '\0') {
                        add_positional(fs, s, a); /* pflag keeps parsing after it */
                        if (spec && spec->go_style) {
                                for (i++; i < argc; i++)
                                        add_positional(fs, argv[i], a);
                                break;
                        }
                        continue;
                }
                bool shorthand = s[1] != '-' && !(spec && spec->go_style);
                const char *body = s + (s[1] == '-' ? 2 : 1);
                const char *eq = strchr(body, '=');
                char *name = eq ? arena_strndup(a, body, (size_t)(eq - body))
                                : arena_strdup(a, body);
                if (!*name || name[0] == '-') {
                        add_positional(fs, s, a); /* "bad flag syntax": not a setting */
                        continue;
                }
                if (shorthand && !eq && strlen(name) > 1) {
                        /* -v4: shorthand with its value attached */
                        char n1[2] = {name[0], '\0'};
                        set_flag(fs, n1, FLAG_SCALAR, false, name + 1, s, a);
                        continue;
                }
                bool known;
                enum flag_kind kind = flag_spec_kind(spec, name, &known);
                if (eq) {
                        set_flag(fs, name, kind, !known, eq + 1, s, a);
                        continue;
                }
                if (kind == FLAG_BOOL) {
                        set_flag(fs, name, kind, false, "true", s, a);
                        continue;
                }
                bool has_next = i + 1 < argc;
                if (!known && (!has_next || argv[i + 1][0] == '-')) {
                        /* Unknown flag followed by another flag: most likely a boolean. */
                        set_flag(fs, name, FLAG_BOOL, true, "true", s, a);
                        continue;
                }
                if (!has_next) {
                        struct flag *f = flag_slot(fs, name, kind, a);
                        f->count++;
                        f->arg = arena_strdup(a, s);
                        f->error = arena_printf(a, "flag needs an argument: --%s", name);
                        continue;
                }
                char *arg = arena_printf(a, "%s %s", s, argv[i + 1]);
                set_flag(fs, name, kind, !known, argv[i + 1], arg, a);
                i++;
        }
        for (size_t k = 0; k < fs->n; k++) {
                struct flag *f = fs->flags[k];
                if (f->join)
                        f->value = str_join(a, f->items, f->n_items, ",");
        }
        return fs;
}

const struct flag *flags_get(const struct flagset *fs, const char *name)
{
        return fs && fs->n_index ? *index_slot(fs, name) : NULL;
}

const char *flag_map_get(const struct flag *f, const char *key)
{
        const char *found = NULL;
        size_t klen = strlen(key);
        for (size_t i = 0; f && i < f->n_items; i++) {
                const char *it = f->items[i];
                if (strncmp(it, key, klen) == 0 && it[klen] == '=')
                        found = it + klen + 1;
        }
        return found;
}
