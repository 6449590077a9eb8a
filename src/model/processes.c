/* processes: the node's processes, read from its /proc through proc/. */
#include "model/processes.h"

#include <errno.h>
#include <string.h>

#include "io/rootfs.h"
#include "model/node.h"
#include "proc/proc.h"
#include "shared/strutil.h"

size_t node_process_count(struct node *node)
{
        return node->procs ? proc_table_count(node->procs) : 0;
}

int node_process_pid(struct node *node, size_t i)
{
        return proc_table_pid(node->procs, i);
}

int node_self_pid(struct node *node)
{
        char *self;
        int64_t v;
        if (!node->procfs || rootfs_readlink(node->procfs, "self", node->a, &self) < 0 ||
            parse_int64(self, &v) < 0)
                return -1;
        return (int)v;
}

int node_process_mntns(struct node *node, int pid, char **ret)
{
        return node->procs ? proc_read_mntns(node->procs, pid, node->a, ret) : -ENXIO;
}

int node_process_exe(struct node *node, int pid, char **ret, bool *ret_replaced)
{
        char *exe;
        int err = proc_read_exe(node->procs, pid, node->a, &exe);
        if (err < 0)
                return err;
        *ret_replaced = str_endswith(exe, " (deleted)");
        if (*ret_replaced)
                exe[strlen(exe) - strlen(" (deleted)")] = '\0';
        *ret = exe;
        return 0;
}

int node_process_argv(struct node *node, int pid, char ***ret, size_t *ret_n)
{
        return proc_read_argv(node->procs, pid, node->a, ret, ret_n);
}

int node_process_uid(struct node *node, int pid, unsigned *ret)
{
        return proc_read_uid(node->procs, pid, node->a, ret);
}
