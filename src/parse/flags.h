/* flags: command lines parsed as Kubernetes components parse them (spf13/pflag rules). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shared/arena.h"

enum flag_kind {
        FLAG_SCALAR, /* string/int/duration: last occurrence wins */
        FLAG_BOOL,   /* bare --name means true; a value only with "=" */
        FLAG_LIST,   /* comma-separated, repeated occurrences accumulate */
        FLAG_MAP,    /* key=value pairs, repeated occurrences merge (feature gates) */
};

/* Which flags of a component are not plain scalars: data from the component file. */
struct flag_spec {
        char **bools;
        size_t n_bools;
        char **lists;
        size_t n_lists;
        char **maps;
        size_t n_maps;
        char **scalars; /* known to take a value */
        size_t n_scalars;
        bool go_style; /* Go's flag package: -name equals --name, parsing stops at the first argument */
};

struct flag {
        char *name;
        enum flag_kind kind;
        char *value;  /* last value as written (scalar/bool); lists and maps: all items joined */
        char *arg;    /* how the last occurrence was written, e.g. "--read-only-port 0" */
        char **items; /* lists: accumulated items; maps: "key=value" pairs in order */
        size_t n_items, cap_items;
        unsigned count; /* occurrences */
        bool guessed;   /* unknown flag: whether it took a value was inferred */
        char *error;    /* the component itself would reject this (e.g. bad boolean) */
        bool join;      /* lists and maps: VALUE is joined from ITEMS when parsing ends */
};

struct flagset {
        struct flag **flags;
        size_t n, cap;
        struct flag **index; /* open addressing by name (a power of two slots, at least 2n) */
        size_t n_index;
        char **positional; /* arguments that are not flags */
        size_t n_positional, cap_positional;
};

enum flag_kind flag_spec_kind(const struct flag_spec *spec, const char *name, bool *ret_known);

/* Parses argv[first..argc). Never fails on input: problems are recorded on the flag. */
struct flagset *flags_parse(const struct flag_spec *spec, char *const *argv, size_t argc,
                            size_t first, struct arena *a);
const struct flag *flags_get(const struct flagset *fs, const char *name);
/* For a map flag: the value of KEY (last wins), or NULL. */
const char *flag_map_get(const struct flag *f, const char *key);
