/* proc: bounded reads of /proc/PID/{cmdline,cwd,root}; never trusts comm (cut at 15 bytes). */
#include "proc/proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "shared/strutil.h"

#define PROC_SUPER_MAGIC_ 0x9fa0
#define CMDLINE_HEAD 4096

/* What the one pass keeps of a process: enough to name a component, twelve
 * bytes, so a node with 50,000 processes costs little memory. Names are
 * interned: a node has thousands of processes but few program names. */
#define NO_NAME UINT32_MAX

struct proc_info {
        int pid;
        uint32_t name; /* argv[0]'s basename */
        uint32_t sub;  /* argv[1], kept only for "hyperkube" (else NO_NAME) */
};

struct proc_table {
        struct rootfs *procfs;
        bool real_procfs;
        bool truncated;
        struct proc_info *items;
        size_t n;
        char **names;     /* interned */
        uint32_t n_names, cap_names;
        uint32_t *slots;  /* open addressing over names: index + 1, 0 free */
        uint32_t n_slots; /* a power of two, at least twice n_names */
};

static uint32_t hash_name(const char *s, size_t len)
{
        uint32_t h = 2166136261u;
        for (size_t i = 0; i < len; i++)
                h = (h ^ (unsigned char)s[i]) * 16777619u;
        return h;
}

static int intern(struct proc_table *t, struct arena *a, const char *s, size_t len,
                  uint32_t *ret)
{
        if (2 * (t->n_names + 1) > t->n_slots) {
                uint32_t ns = t->n_slots ? t->n_slots * 2 : 256;
                uint32_t *slots = calloc(ns, sizeof(*slots));
                if (!slots)
                        return -ENOMEM;
                for (uint32_t i = 0; i < t->n_names; i++) {
                        uint32_t h = hash_name(t->names[i], strlen(t->names[i])) & (ns - 1);
                        while (slots[h])
                                h = (h + 1) & (ns - 1);
                        slots[h] = i + 1;
                }
                free(t->slots);
                t->slots = slots;
                t->n_slots = ns;
        }
        uint32_t h = hash_name(s, len) & (t->n_slots - 1);
        for (; t->slots[h]; h = (h + 1) & (t->n_slots - 1)) {
                const char *n = t->names[t->slots[h] - 1];
                if (strncmp(n, s, len) == 0 && n[len] == '\0') {
                        *ret = t->slots[h] - 1;
                        return 0;
                }
        }
        if (t->n_names == t->cap_names) {
                uint32_t nc = t->cap_names ? t->cap_names * 2 : 64;
                char **names = realloc(t->names, nc * sizeof(*names));
                if (!names)
                        return -ENOMEM;
                t->names = names;
                t->cap_names = nc;
        }
        t->names[t->n_names] = arena_strndup(a, s, len);
        t->slots[h] = t->n_names + 1;
        *ret = t->n_names++;
        return 0;
}

size_t proc_split_cmdline(struct arena *a, const char *buf, size_t len, char ***ret_argv)
{
        char **argv = NULL;
        size_t n = 0, cap = 0;
        size_t i = 0;
        while (i < len) {
                size_t j = i;
                while (j < len && buf[j])
                        j++;
                argv = (char **)arena_grow(a, (void **)argv, n, &cap);
                argv[n++] = arena_strndup(a, buf + i, j - i);
                i = j + 1;
        }
        argv = (char **)arena_grow(a, (void **)argv, n, &cap);
        argv[n] = NULL;
        *ret_argv = argv;
        return n;
}

static const char *base_name(const char *s)
{
        const char *slash = strrchr(s, '/');
        return slash ? slash + 1 : s;
}

static bool name_is(const char *b, const char *sub, const char *name)
{
        if (streq(b, name))
                return true;
        if (sub && streq(b, "hyperkube")) {
                if (streq(sub, name))
                        return true;
                if (strncmp(name, "kube-", 5) == 0 && streq(sub, name + 5))
                        return true;
        }
        return false;
}

bool proc_argv_is(char *const *argv, size_t argc, const char *name)
{
        if (argc < 1)
                return false;
        return name_is(base_name(argv[0]), argc >= 2 ? argv[1] : NULL, name);
}

/* Descriptors of the one pass, closed a run at a time with close_range: a
 * system call saved for each of thousands of processes. Only a run of
 * consecutive descriptors all opened here is ever closed together. */
struct fd_batch {
        int lo, hi;
        unsigned n;
};

#define FD_BATCH_MAX 256

static void fd_batch_flush(struct fd_batch *b)
{
        if (!b->n)
                return;
        if (close_range((unsigned)b->lo, (unsigned)b->hi, 0) < 0)
                for (int fd = b->lo; fd <= b->hi; fd++)
                        close(fd);
        b->n = 0;
}

static void fd_batch_add(struct fd_batch *b, int fd)
{
        if (b->n && fd != b->hi + 1)
                fd_batch_flush(b);
        if (!b->n)
                b->lo = fd;
        b->hi = fd;
        if (++b->n >= FD_BATCH_MAX)
                fd_batch_flush(b);
}

/* The head of a cmdline in one read into BUF: procfs returns all it has up to
 * the size asked (it walks the argument pages itself) and a regular file in a
 * fake tree returns short only at its end, so there is no second read for
 * each of thousands of processes. */
static int open_head(struct rootfs *procfs, bool real, const char *path, int *ret_fd)
{
        /* The kernel's procfs holds no FIFO; a directory standing in for one
         * (a fixture, an offline root) may: there a file is opened only when
         * its descriptor says it is a regular file. */
        return real ? rootfs_openat(procfs, path, O_RDONLY, ret_fd)
                    : rootfs_open_regular(procfs, path, ret_fd, NULL);
}

static ssize_t read_head(struct rootfs *procfs, bool real, const char *path, char *buf,
                         size_t max, struct fd_batch *b)
{
        int fd;
        int err = open_head(procfs, real, path, &fd);
        if (err == -EMFILE && b->n) {
                fd_batch_flush(b);
                err = open_head(procfs, real, path, &fd);
        }
        if (err < 0)
                return err;
        ssize_t n;
        do
                n = read(fd, buf, max);
        while (n < 0 && errno == EINTR);
        err = n < 0 ? -errno : 0;
        fd_batch_add(b, fd);
        return err < 0 ? err : n;
}

static int pid_of(const char *name)
{
        int64_t v;
        if (name[0] < '1' || name[0] > '9' || parse_int64(name, &v) < 0 || v <= 0 ||
            v > 0x3fffffff)
                return -1;
        return (int)v;
}

static int cmp_pid(const void *x, const void *y)
{
        const struct proc_info *a = x, *b = y;
        return (a->pid > b->pid) - (a->pid < b->pid);
}

int proc_table_load(struct rootfs *procfs, struct arena *a, struct proc_table **ret)
{
        int fd;
        int err = rootfs_openat(procfs, ".", O_RDONLY | O_DIRECTORY, &fd);
        if (err < 0)
                return err;
        struct proc_table *t = arena_alloc(a, sizeof(*t));
        t->procfs = procfs;
        struct statfs sfs;
        t->real_procfs = fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC_;
        DIR *d = fdopendir(fd);
        if (!d) {
                err = -errno;
                close(fd);
                return err;
        }
        size_t cap = 0;
        bool sorted = true;
        struct dirent *de;
        char path[64], buf[CMDLINE_HEAD];
        struct fd_batch batch = {0};
        struct proc_info *items = NULL; /* grown with realloc, copied to the arena at the end */
        while ((de = readdir(d))) {
                int pid = pid_of(de->d_name);
                if (pid < 0)
                        continue;
                if (t->n >= PROC_MAX_PROCESSES) {
                        t->truncated = true;
                        break;
                }
                snprintf(path, sizeof(path), "%d/cmdline", pid);
                ssize_t len = read_head(procfs, t->real_procfs, path, buf, sizeof(buf), &batch);
                if (len <= 0 || buf[0] == '\0')
                        continue; /* exited, kernel thread, or not a process dir */
                if (t->n >= cap) {
                        size_t ncap = cap ? cap * 2 : 256;
                        struct proc_info *p = realloc(items, ncap * sizeof(*p));
                        if (!p) {
                                err = -ENOMEM;
                                break;
                        }
                        items = p;
                        cap = ncap;
                }
                struct proc_info *pi = &items[t->n];
                pi->pid = pid;
                size_t n0 = strnlen(buf, (size_t)len);
                if (n0 == (size_t)len)
                        n0 = (size_t)len - 1; /* an argv[0] longer than the head: cut */
                buf[n0] = '\0';
                const char *b = base_name(buf);
                pi->sub = NO_NAME;
                if ((err = intern(t, a, b, strlen(b), &pi->name)) < 0)
                        break;
                if (streq(b, "hyperkube") && n0 + 1 < (size_t)len &&
                    (err = intern(t, a, buf + n0 + 1, strnlen(buf + n0 + 1, (size_t)len - n0 - 1),
                                  &pi->sub)) < 0)
                        break;
                if (t->n > 0 && items[t->n - 1].pid > pid)
                        sorted = false;
                t->n++;
        }
        fd_batch_flush(&batch);
        closedir(d);
        free(t->slots);
        t->slots = NULL;
        if (err == 0 && t->n && items) {
                t->items = arena_alloc(a, t->n * sizeof(*items));
                memcpy(t->items, items, t->n * sizeof(*items));
        }
        free(items);
        if (err == 0 && t->n_names && t->names) {
                char **names = arena_alloc(a, t->n_names * sizeof(*names));
                memcpy(names, t->names, t->n_names * sizeof(*names));
                free(t->names);
                t->names = names;
        } else {
                free(t->names);
                t->names = NULL;
        }
        if (err < 0)
                return err;
        if (!sorted)
                qsort(t->items, t->n, sizeof(*t->items), cmp_pid);
        *ret = t;
        return 0;
}

size_t proc_table_count(const struct proc_table *t)
{
        return t ? t->n : 0;
}

bool proc_table_truncated(const struct proc_table *t)
{
        return t && t->truncated;
}

int proc_table_find(const struct proc_table *t, const char *name, int *ret_pid)
{
        for (size_t i = 0; t && i < t->n; i++)
                if (name_is(t->names[t->items[i].name],
                            t->items[i].sub == NO_NAME ? NULL : t->names[t->items[i].sub], name)) {
                        *ret_pid = t->items[i].pid;
                        return 0;
                }
        return -ENOENT;
}

/* PROC/PID/WHAT, at most MAX bytes. */
static int read_pid_file(const struct proc_table *t, int pid, const char *what, size_t max,
                         struct arena *a, char **ret, size_t *ret_len)
{
        char path[64];
        snprintf(path, sizeof(path), "%d/%s", pid, what);
        return rootfs_read_file(t->procfs, path, max, a, ret, ret_len);
}

/* A NUL-separated file of the process (cmdline, environ) as a string list. */
static int read_nul_list(const struct proc_table *t, int pid, const char *what, struct arena *a,
                         char ***ret, size_t *ret_n)
{
        char *buf;
        size_t len;
        int err = read_pid_file(t, pid, what, PROC_MAX_CMDLINE, a, &buf, &len);
        if (err < 0)
                return err;
        *ret_n = proc_split_cmdline(a, buf, len, ret);
        return 0;
}

int proc_read_argv(const struct proc_table *t, int pid, struct arena *a, char ***ret_argv,
                   size_t *ret_argc)
{
        return read_nul_list(t, pid, "cmdline", a, ret_argv, ret_argc);
}

int proc_read_environ(const struct proc_table *t, int pid, struct arena *a, char ***ret,
                      size_t *ret_n)
{
        return read_nul_list(t, pid, "environ", a, ret, ret_n);
}

int proc_read_cwd(const struct proc_table *t, int pid, struct arena *a, char **ret)
{
        char path[64];
        snprintf(path, sizeof(path), "%d/cwd", pid);
        return rootfs_readlink(t->procfs, path, a, ret);
}

int proc_read_exe(const struct proc_table *t, int pid, struct arena *a, char **ret)
{
        char path[64];
        snprintf(path, sizeof(path), "%d/exe", pid);
        return rootfs_readlink(t->procfs, path, a, ret);
}

int proc_table_pid(const struct proc_table *t, size_t i)
{
        return t->items[i].pid;
}

const char *proc_table_name(const struct proc_table *t, size_t i)
{
        return t->names[t->items[i].name];
}

int proc_read_uid(const struct proc_table *t, int pid, struct arena *a, unsigned *ret)
{
        char *buf;
        size_t len;
        int err = read_pid_file(t, pid, "status", 64 * 1024, a, &buf, &len);
        if (err < 0)
                return err;
        const char *u = strstr(buf, "\nUid:");
        if (!u)
                return -EBADMSG;
        char *end;
        errno = 0;
        unsigned long v = strtoul(u + 5, &end, 10);
        if (errno || end == u + 5 || v > UINT32_MAX)
                return -EBADMSG;
        *ret = (unsigned)v;
        return 0;
}

int proc_read_mntns(const struct proc_table *t, int pid, struct arena *a, char **ret)
{
        char path[64];
        snprintf(path, sizeof(path), "%d/ns/mnt", pid);
        return rootfs_readlink(t->procfs, path, a, ret);
}

struct rootfs *proc_table_procfs(const struct proc_table *t)
{
        return t->procfs;
}

int proc_read_socket_inodes(const struct proc_table *t, int pid, struct arena *a,
                            uint64_t **ret, size_t *ret_n)
{
        char path[64];
        char **names;
        size_t n, k = 0;
        snprintf(path, sizeof(path), "%d/fd", pid);
        int err = rootfs_list_dir(t->procfs, path, a, &names, &n);
        if (err < 0)
                return err;
        uint64_t *inodes = arena_alloc(a, (n + 1) * sizeof(*inodes));
        for (size_t i = 0; i < n; i++) {
                char *target, *end;
                snprintf(path, sizeof(path), "%d/fd/%.20s", pid, names[i]);
                if (rootfs_readlink(t->procfs, path, a, &target) < 0)
                        continue; /* closed since the listing */
                if (strncmp(target, "socket:[", 8) != 0)
                        continue;
                errno = 0;
                unsigned long long ino = strtoull(target + 8, &end, 10);
                if (errno || end == target + 8 || strcmp(end, "]") != 0)
                        continue;
                inodes[k++] = ino;
        }
        *ret = inodes;
        *ret_n = k;
        return 0;
}

int proc_open_root(const struct proc_table *t, int pid, struct rootfs **ret)
{
        char path[64], label[80];
        int fd, err;
        snprintf(path, sizeof(path), "%d", pid);
        snprintf(label, sizeof(label), "/proc/%d/root", pid);
        if (t->real_procfs) {
                int pfd;
                err = rootfs_openat(t->procfs, path, O_PATH | O_DIRECTORY, &pfd);
                if (err < 0)
                        return err;
                /* The one place a magic link is followed, on purpose: it is
                 * the component's own view; everything inside it stays
                 * confined by the rootfs resolver. */
                fd = openat(pfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
                err = fd < 0 ? -errno : 0;
                close(pfd);
                if (err < 0)
                        return err;
        } else {
                snprintf(path, sizeof(path), "%d/root", pid);
                err = rootfs_openat(t->procfs, path, O_PATH | O_DIRECTORY, &fd);
                if (err < 0)
                        return err;
        }
        err = rootfs_from_fd(fd, label, ret);
        if (err < 0)
                close(fd);
        return err;
}

int proc_read_label(const struct proc_table *t, int pid, struct arena *a, char **ret)
{
        char *buf;
        size_t len;
        int err = read_pid_file(t, pid, "attr/current", 4096, a, &buf, &len);
        if (err < 0)
                return err;
        buf[strcspn(buf, "\n")] = '\0';
        *ret = buf;
        return 0;
}

int proc_read_capabilities(const struct proc_table *t, int pid, int cap_last, struct arena *a,
                           char **ret)
{
        char *buf;
        size_t len;
        int err = read_pid_file(t, pid, "status", 65536, a, &buf, &len);
        if (err < 0)
                return err;
        const char *line = strstr(buf, "\nCapEff:");
        if (!line)
                return -ENODATA;
        line += strlen("\nCapEff:");
        while (*line == ' ' || *line == '\t')
                line++;
        char *end;
        errno = 0;
        unsigned long long mask = strtoull(line, &end, 16);
        if (errno || end == line || (*end && *end != '\n'))
                return -EINVAL;
        if (cap_last < 0 || cap_last > 63)
                cap_last = 40;
        unsigned long long all = cap_last == 63 ? ~0ULL : (1ULL << (cap_last + 1)) - 1;
        if (mask == 0) {
                *ret = arena_strdup(a, "none");
                return 0;
        }
        if ((mask & all) == all) {
                *ret = arena_strdup(a, "all");
                return 0;
        }
        struct strbuf sb = {0};
        for (int bit = 0; bit < 64; bit++) {
                if (!(mask & (1ULL << bit)))
                        continue;
                char *name = cap_to_name((cap_value_t)bit);
                strbuf_printf(&sb, "%s%s", sb.len ? "," : "", name ? name : "?");
                cap_free(name);
        }
        *ret = arena_strdup(a, sb.buf);
        strbuf_free(&sb);
        return 0;
}
