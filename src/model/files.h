/* files: the node's files, users and kernel parameters as probes ask for them. */
#pragma once

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct node;
struct rootfs;
struct ynode;

/* ROOT: the root a component sees (NULL: the node's). Each is the confined
 * rootfs_* call of the same name; -errno on failure. */
int node_read_file(struct node *node, struct rootfs *root, const char *path, size_t max,
                   char **ret, size_t *ret_len);
int node_stat(struct node *node, struct rootfs *root, const char *path, struct stat *ret);
int node_lstat(struct node *node, struct rootfs *root, const char *path, struct stat *ret);
int node_readlink(struct node *node, struct rootfs *root, const char *path, char **ret);
/* PATH in ROOT (NULL: the node's) as a YAML document (model/yamlfile.h);
 * -errno with *RET_ERROR saying why. */
int node_read_yaml(struct node *node, struct rootfs *root, const char *path, struct ynode **ret,
                   char **ret_error);
/* A kernel parameter ("net.ipv4.ip_forward") as PROC/sys shows it, its first
 * line with tabs as spaces. *RET_WHERE names the file. -ENOENT: the kernel
 * has no such parameter; -ENXIO: no /proc (an offline root). */
int node_sysctl(struct node *node, const char *name, char **ret, char **ret_where);
/* Names of the node's users and groups (NULL: unknown), and their ids. */
const char *node_user_name(struct node *node, uid_t uid);
const char *node_group_name(struct node *node, gid_t gid);
int node_user_id(struct node *node, const char *name, uid_t *ret);
int node_group_id(struct node *node, const char *name, gid_t *ret);
/* Why the node's users could not be read, or NULL. */
const char *node_ids_error(struct node *node);
