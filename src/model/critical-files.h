/* critical-files: the record of the node's critical files a baseline keeps. */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct node;

#define BASELINE_MAX_FILE (64u * 1024 * 1024)
#define BASELINE_MAX_ENTRIES 100000

struct baseline_entry {
        char *path;
        char type;      /* f file, d directory, l symlink, o anything else */
        unsigned mode;  /* permission bits, 07777 */
        unsigned uid, gid;
        uint64_t size;  /* files only */
        char *sha256;   /* files: 64 hex digits, or NULL when it could not be read */
        char *target;   /* symlinks: the link's text */
        char *error;    /* the file could not be read: why (not saved) */
        /* As walked (not saved, 0 in a loaded baseline): which names are one file. */
        uint64_t dev, ino;
        uint64_t nlink;
};

struct baseline {
        char *root;     /* the root it was taken of */
        char *saved_at; /* RFC 3339, UTC */
        struct baseline_entry *items; /* sorted by path */
        size_t n;
};

/* Walks the critical files of NODE: the trees of the Kubernetes
 * components and distributions, the kubelet's units, sshd_config and what it
 * includes, modprobe.d, and each component's --config. Each name is a path
 * of its own: a hard link is recorded under every name it has there; only a
 * name reached twice (through /lib when /lib is /usr/lib, or a directory
 * bind-mounted twice) is recorded once. */
int node_critical_files(struct node *node, struct baseline **ret, char **ret_error);
