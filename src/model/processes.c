/* processes: the node's processes, read from its /proc through proc/. */
#include "model/processes.h"

#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/rootfs.h"
#include "model/component.h"
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

static bool in_table(struct node *node, int pid)
{
        size_t lo = 0, hi = node_process_count(node); /* the table is sorted by pid */
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int p = proc_table_pid(node->procs, mid);
                if (p == pid)
                        return true;
                if (p < pid)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return false;
}

static int pid_of(const char *name)
{
        int64_t v;
        if (name[0] < '1' || name[0] > '9' || parse_int64(name, &v) < 0 || v <= 0 || v > 0x3fffffff)
                return -1;
        return (int)v;
}

/* A kernel thread has neither an executable nor a command line; anything
 * else the table left out is a process that hides its name. */
static bool is_hidden_process(struct node *node, int pid)
{
        char path[64], *text;
        size_t len;
        snprintf(path, sizeof(path), "%d/exe", pid);
        int err = rootfs_readlink(node->procfs, path, node->a, &text);
        if (err != -ENOENT)
                return true; /* readable, or unreadable for a reason a kernel thread does not give */
        snprintf(path, sizeof(path), "%d/cmdline", pid);
        err = rootfs_read_file(node->procfs, path, PROC_MAX_CMDLINE, node->a, &text, &len);
        return (err == 0 && len > 0) || err == -EFBIG;
}

static int cmp_int(const void *x, const void *y)
{
        int a = *(const int *)x, b = *(const int *)y;
        return (a > b) - (a < b);
}

int node_process_unlisted(struct node *node, int **ret, size_t *ret_n)
{
        if (!node->procfs || !node->procs)
                return -ENXIO;
        int fd, err = rootfs_openat(node->procfs, ".", O_RDONLY | O_DIRECTORY, &fd);
        if (err < 0)
                return err;
        DIR *d = fdopendir(fd);
        if (!d) {
                err = -errno;
                close(fd);
                return err;
        }
        int *pids = NULL;
        size_t n = 0, cap = 0, looked = 0;
        struct dirent *de;
        while ((de = readdir(d)) && looked < PROC_MAX_PROCESSES) {
                int pid = pid_of(de->d_name);
                if (pid < 0)
                        continue;
                looked++;
                if (in_table(node, pid) || !is_hidden_process(node, pid))
                        continue;
                pids = arena_grow_items(node->a, pids, n, &cap, sizeof(*pids));
                pids[n++] = pid;
        }
        closedir(d);
        if (n)
                qsort(pids, n, sizeof(*pids), cmp_int);
        *ret = pids;
        *ret_n = n;
        return 0;
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
        return component_read_exe(node->procs, pid, node->a, ret, ret_replaced);
}

int node_process_argv(struct node *node, int pid, char ***ret, size_t *ret_n)
{
        return proc_read_argv(node->procs, pid, node->a, ret, ret_n);
}

int node_process_uid(struct node *node, int pid, unsigned *ret)
{
        return proc_read_uid(node->procs, pid, node->a, ret);
}
