/* processes: the node's processes, one fact of one process at a time. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "proc/proc.h"

struct node;

/* The longest command line read: beyond it, node_process_argv is -EFBIG. */
#define NODE_PROCESS_MAX_CMDLINE PROC_MAX_CMDLINE

/* How many processes the node's table holds, and the pid of the I-th. */
size_t node_process_count(struct node *node);
int node_process_pid(struct node *node, size_t i);
/* The processes the table leaves out as kernel threads (no argv[0]) that are
 * not: a process can blank its own command line, or start with an empty
 * argv[0]. Those with an executable, or with a command line that holds
 * anything, pids ascending (at most PROC_MAX_PROCESSES entries looked at).
 * -errno when PROC cannot be listed. */
int node_process_unlisted(struct node *node, int **ret, size_t *ret_n);
/* The scanner's own pid in the node's pid namespace, or -1. */
int node_self_pid(struct node *node);
/* PID's mount namespace ("mnt:[4026531840]"); -errno when it cannot be read. */
int node_process_mntns(struct node *node, int pid, char **ret);
/* PID's executable; *RET_REPLACED when it was replaced on disk since it started. */
int node_process_exe(struct node *node, int pid, char **ret, bool *ret_replaced);
int node_process_argv(struct node *node, int pid, char ***ret, size_t *ret_n);
int node_process_uid(struct node *node, int pid, unsigned *ret);
