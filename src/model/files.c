/* files: the node's files, users and kernel parameters, each read confined to its root. */
#include "model/files.h"

#include <errno.h>
#include <string.h>

#include "io/passwd.h"
#include "io/rootfs.h"
#include "model/node.h"
#include "model/yamlfile.h"
#include "shared/strutil.h"

static struct rootfs *root_of(struct node *node, struct rootfs *root)
{
        return root ? root : node->root;
}

int node_read_file(struct node *node, struct rootfs *root, const char *path, size_t max,
                   char **ret, size_t *ret_len)
{
        return rootfs_read_file(root_of(node, root), path, max, node->a, ret, ret_len);
}

int node_stat(struct node *node, struct rootfs *root, const char *path, struct stat *ret)
{
        return rootfs_stat(root_of(node, root), path, ret);
}

int node_lstat(struct node *node, struct rootfs *root, const char *path, struct stat *ret)
{
        return rootfs_lstat(root_of(node, root), path, ret);
}

int node_readlink(struct node *node, struct rootfs *root, const char *path, char **ret)
{
        return rootfs_readlink(root_of(node, root), path, node->a, ret);
}

int node_read_yaml(struct node *node, struct rootfs *root, const char *path, struct ynode **ret,
                   char **ret_error)
{
        return yaml_file_read(root_of(node, root), path, ROOTFS_MAX_CONFIG, false, node->a, ret,
                              ret_error);
}

int node_sysctl(struct node *node, const char *name, char **ret, char **ret_where)
{
        struct arena *a = node->a;
        char *rel = arena_printf(a, "sys/%s", name);
        for (char *p = rel + 4; *p; p++)
                if (*p == '.')
                        *p = '/';
        *ret_where = arena_printf(a, "/proc/%s", rel);
        if (!node->procfs)
                return -ENXIO;
        char *buf;
        size_t len;
        int err = rootfs_read_file(node->procfs, rel, 4096, a, &buf, &len);
        if (err < 0)
                return err;
        /* "4096\t87380\n" -> "4096 87380" */
        char **words;
        size_t n = str_split(a, buf, '\n', &words);
        char *v = n ? words[0] : arena_strdup(a, "");
        for (char *p = v; *p; p++)
                if (*p == '\t')
                        *p = ' ';
        *ret = v;
        return 0;
}

const char *node_user_name(struct node *node, uid_t uid)
{
        return node->ids ? idmap_user_name(node->ids, uid) : NULL;
}

const char *node_group_name(struct node *node, gid_t gid)
{
        return node->ids ? idmap_group_name(node->ids, gid) : NULL;
}

int node_user_id(struct node *node, const char *name, uid_t *ret)
{
        return node->ids ? idmap_user_id(node->ids, name, ret) : -ENOENT;
}

int node_group_id(struct node *node, const char *name, gid_t *ret)
{
        return node->ids ? idmap_group_id(node->ids, name, ret) : -ENOENT;
}

const char *node_ids_error(struct node *node)
{
        return node->ids_error;
}
