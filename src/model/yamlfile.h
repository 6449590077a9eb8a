/* yamlfile: a YAML (or JSON) document of the node — the one way a component's
 * config, a static pod manifest, a kubeconfig or a distribution's config is
 * read and parsed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct rootfs;
struct ynode;

/* PATH in ROOT, at most MAX bytes, parsed. WANT_MAP: anything but a mapping
 * at the top is refused. Returns 0; -ENOENT for a missing file; else -errno
 * (unreadable) or -EBADMSG (not YAML, or not a mapping), with *RET_ERROR
 * saying so ("PATH: why", "PATH:LINE:COLUMN: why"). */
int yaml_file_read(struct rootfs *root, const char *path, size_t max, bool want_map,
                   struct arena *a, struct ynode **ret, char **ret_error);
