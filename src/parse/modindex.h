/* modindex: kmod's binary module indexes (modules.dep.bin, modules.alias.bin,
 * modules.symbols.bin) looked up as libkmod looks them up, every offset checked. */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct arena;

/* Limits: a key or pattern this long, this many values a search, this many
 * nodes visited a search (a valid index visits each node at most once). */
#define MODINDEX_MAX_KEY 4096
#define MODINDEX_MAX_VALUES 1024

struct modindex {
        const unsigned char *buf; /* borrowed: outlives the index */
        size_t len;
        uint32_t root; /* the root node's offset word (flags and offset) */
};

/* Checks BUF's header: kmod's magic, format 2.x, a root node inside BUF.
 * -EBADMSG when BUF is not such an index. */
int modindex_open(const void *buf, size_t len, struct modindex *ret);

/* The first value (lowest priority) of the key KEY, as libkmod's
 * index_search: modules.dep.bin maps a module name to its dependency line.
 * -ENOENT: no such key; -EBADMSG: the index is malformed where the search
 * went (an offset or a string out of bounds, a cycle). */
int modindex_search(const struct modindex *idx, const char *key, struct arena *a, char **ret_value);

/* The values of every key that is KEY, or a pattern (*, ?, [...] from its
 * first wildcard on, fnmatch(3)) that matches KEY, ordered by priority as
 * libkmod's index_searchwild orders them: modules.alias.bin maps alias
 * patterns to module names. -ENOENT: none; -EBADMSG as above; -E2BIG: more
 * than MODINDEX_MAX_VALUES values. */
int modindex_search_wild(const struct modindex *idx, const char *key, struct arena *a,
                         char ***ret_values, size_t *ret_n);

/* The module file of a modules.dep line ("kernel/fs/cramfs/cramfs.ko: dep.ko
 * ..."): the text before the colon, as libkmod reads it. -EBADMSG without a
 * colon (libkmod then knows no file for the module). */
int modindex_dep_path(const char *line, struct arena *a, char **ret_path);
