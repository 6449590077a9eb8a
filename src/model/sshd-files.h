/* sshd-files: sshd_config and what it includes, from the node. */
#pragma once

struct arena;
struct rootfs;
struct sshd_config;

/* Reads PATH (and what it includes) inside ROOT. -ENOENT when PATH does not
 * exist; other read errors of the main file are returned; problems inside
 * (unknown keywords, unreadable includes) are recorded, not fatal. */
int sshd_files_load(struct rootfs *root, const char *path, struct arena *a,
                    struct sshd_config **ret);
