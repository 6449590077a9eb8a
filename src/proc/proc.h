/* proc: the process table of the scanned node, read from --proc; components found by argv[0]. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/rootfs.h"

#define PROC_MAX_PROCESSES 500000
#define PROC_MAX_CMDLINE (2u * 1024 * 1024)

struct proc_table;

/* One pass over the pid directories; reads only the head of each cmdline. */
int proc_table_load(struct rootfs *procfs, struct arena *a, struct proc_table **ret);
size_t proc_table_count(const struct proc_table *t);
/* More processes than PROC_MAX_PROCESSES: the rest were not read. */
bool proc_table_truncated(const struct proc_table *t);

/* The lowest pid whose argv[0] basename is NAME, or "hyperkube NAME"
 * (also "hyperkube" with the "kube-" prefix dropped). -ENOENT if none. */
int proc_table_find(const struct proc_table *t, const char *name, int *ret_pid);

/* Whole argv (bounded by PROC_MAX_CMDLINE: -EFBIG beyond). */
int proc_read_argv(const struct proc_table *t, int pid, struct arena *a, char ***ret_argv,
                   size_t *ret_argc);
/* The process's environment, KEY=VALUE strings (bounded like argv). */
int proc_read_environ(const struct proc_table *t, int pid, struct arena *a, char ***ret,
                      size_t *ret_n);
/* The process's working directory, as the process sees it. */
int proc_read_cwd(const struct proc_table *t, int pid, struct arena *a, char **ret);
/* The filesystem root the process sees: /proc/PID/root on a real procfs (so a
 * containerised component's files are its own), PID/root inside a fake proc
 * tree. -ENOENT when there is none to use. */
/* The path of the process's executable (in its own mount namespace; " (deleted)"
 * appended by the kernel when the file was replaced). */
int proc_read_exe(const struct proc_table *t, int pid, struct arena *a, char **ret);
int proc_open_root(const struct proc_table *t, int pid, struct rootfs **ret);
/* The inodes of the sockets the process holds open (PID/fd/N -> "socket:[INODE]"). */
int proc_read_socket_inodes(const struct proc_table *t, int pid, struct arena *a,
                            uint64_t **ret, size_t *ret_n);
/* The I-th process of the table (0 <= I < proc_table_count), pids ascending,
 * kernel threads left out; its argv[0]'s basename. */
int proc_table_pid(const struct proc_table *t, size_t i);
const char *proc_table_name(const struct proc_table *t, size_t i);
/* The real uid (status "Uid:"). */
int proc_read_uid(const struct proc_table *t, int pid, struct arena *a, unsigned *ret);
/* The mount namespace ("mnt:[4026531841]"): the host's is PID 1's. */
int proc_read_mntns(const struct proc_table *t, int pid, struct arena *a, char **ret);
/* The --proc root the table was read from. */
struct rootfs *proc_table_procfs(const struct proc_table *t);

/* The AppArmor (or other LSM) label of the process, "unconfined" included. */
int proc_read_label(const struct proc_table *t, int pid, struct arena *a, char **ret);
/* The effective capabilities (CapEff of status) as libcap names, comma-separated;
 * "all" when every capability the kernel has is set, "none" when none. */
int proc_read_capabilities(const struct proc_table *t, int pid, int cap_last, struct arena *a,
                           char **ret);
/* Splits a NUL-separated cmdline into argv; arena-owned. */
size_t proc_split_cmdline(struct arena *a, const char *buf, size_t len, char ***ret_argv);
/* argv[0]'s basename and the subcommand, as used to name a component. */
bool proc_argv_is(char *const *argv, size_t argc, const char *name);
