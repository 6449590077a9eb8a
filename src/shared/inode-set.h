/* inode-set: files already seen, by device and inode — the one de-duplication
 * of hard links, bind mounts and merged-/usr directories. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct arena;

struct inode_set {
        struct inode_key {
                dev_t dev;
                ino_t ino;
                bool used;
        } *slots;
        size_t n, cap; /* cap: 0 or a power of two */
};

/* Adds DEV:INO; false when it was there already. The set grows in A. */
bool inode_set_add(struct inode_set *s, dev_t dev, ino_t ino, struct arena *a);
