/* passwd: users and groups of the scanned root (ROOT/etc/passwd, ROOT/etc/group), never the scanner's NSS. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "io/rootfs.h"

struct idmap;

/* Loads both files; a missing file gives an empty table, not an error. */
int idmap_load(struct rootfs *root, struct arena *a, struct idmap **ret);
/* Parses passwd- or group-formatted text (name:x:id:...) into table. */
int idmap_parse(struct idmap *m, bool group, const char *text, size_t len);
struct idmap *idmap_new(struct arena *a);

/* NULL when the id has no name on the node. */
const char *idmap_user_name(const struct idmap *m, uid_t uid);
const char *idmap_group_name(const struct idmap *m, gid_t gid);
/* -ENOENT when the node has no such name. */
int idmap_user_id(const struct idmap *m, const char *name, uid_t *ret);
int idmap_group_id(const struct idmap *m, const char *name, gid_t *ret);
