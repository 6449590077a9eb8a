/* processes: the node's processes, one fact of one process at a time. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct node;

/* How many processes the node's table holds, and the pid of the I-th. */
size_t node_process_count(struct node *node);
int node_process_pid(struct node *node, size_t i);
/* The scanner's own pid in the node's pid namespace, or -1. */
int node_self_pid(struct node *node);
/* PID's mount namespace ("mnt:[4026531840]"); -errno when it cannot be read. */
int node_process_mntns(struct node *node, int pid, char **ret);
/* PID's executable; *RET_REPLACED when it was replaced on disk since it started. */
int node_process_exe(struct node *node, int pid, char **ret, bool *ret_replaced);
int node_process_argv(struct node *node, int pid, char ***ret, size_t *ret_n);
int node_process_uid(struct node *node, int pid, unsigned *ret);
