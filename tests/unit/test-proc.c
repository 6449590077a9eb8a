/* test-proc: components are found by argv[0]'s basename, never by substring. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/proc.h"
#include "shared/strutil.h"

static char tmp[64];

static void proc_entry(const char *pid, const char *cmdline, size_t len)
{
        char p[256];
        snprintf(p, sizeof(p), "%s/%s", tmp, pid);
        mkdir(p, 0755);
        snprintf(p, sizeof(p), "%s/%s/cmdline", tmp, pid);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fwrite(cmdline, 1, len, f);
        fclose(f);
}
#define ENTRY(pid, lit) proc_entry(pid, lit, sizeof(lit) - 1)

static int setup(void **state)
{
        strcpy(tmp, "/tmp/nodeaudit-proc-XXXXXX");
        assert_non_null(mkdtemp(tmp));
        ENTRY("1", "/sbin/init\0");
        ENTRY("10", "vim\0/var/lib/kubelet/config.yaml\0");
        ENTRY("11", "grep\0kubelet\0");
        ENTRY("12", "/usr/bin/kubelet-healthcheck\0--kubelet\0");
        ENTRY("13", "/opt/bin/hyperkube\0kubelet\0--config\0/k.yaml\0");
        ENTRY("14", "/hyperkube\0apiserver\0--etcd-servers=https://etcd:2379\0");
        ENTRY("15", "python3\0check.py\0--target\0etcd\0");
        ENTRY("16", "");         /* a kernel thread */
        ENTRY("0017x", "kubelet\0"); /* not a pid */
        ENTRY("18", "/usr/bin/kubelet\0--read-only-port\0" "0\0");
        char p[256];
        snprintf(p, sizeof(p), "%s/self", tmp);
        assert_int_equal(symlink("18", p), 0);
        snprintf(p, sizeof(p), "%s/18/cwd", tmp);
        assert_int_equal(symlink("/var/lib/kubelet", p), 0);
        return 0;
}

static int teardown(void **state)
{
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        return system(cmd) == 0 ? 0 : -1;
}

static void test_find(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct rootfs *procfs;
        assert_int_equal(rootfs_open(tmp, &procfs), 0);
        struct proc_table *t;
        assert_int_equal(proc_table_load(procfs, a, &t), 0);
        assert_int_equal(proc_table_count(t), 8); /* pids with a command line */
        int pid;
        assert_int_equal(proc_table_find(t, "kubelet", &pid), 0);
        assert_int_equal(pid, 13); /* hyperkube kubelet, the lowest pid */
        assert_int_equal(proc_table_find(t, "kube-apiserver", &pid), 0);
        assert_int_equal(pid, 14); /* hyperkube apiserver */
        assert_int_equal(proc_table_find(t, "etcd", &pid), -ENOENT);
        assert_int_equal(proc_table_find(t, "vim", &pid), 0);
        char **argv;
        size_t argc;
        assert_int_equal(proc_read_argv(t, 13, a, &argv, &argc), 0);
        assert_int_equal(argc, 4);
        assert_string_equal(argv[3], "/k.yaml");
        assert_null(argv[4]);
        char *cwd;
        assert_int_equal(proc_read_cwd(t, 18, a, &cwd), 0);
        assert_string_equal(cwd, "/var/lib/kubelet");
        assert_true(proc_read_cwd(t, 13, a, &cwd) < 0);
        struct rootfs *own;
        assert_int_equal(proc_open_root(t, 13, &own), -ENOENT);
        rootfs_close(procfs);
}

/* Thousands of processes: names interned across many rehashes, descriptors
 * closed in runs, pids out of order in the directory, an argv[0] longer than
 * the head that is read, and the lowest pid of a name found. */
static void test_many(void **state)
{
        char dir[] = "/tmp/nodeaudit-proc-many-XXXXXX";
        assert_non_null(mkdtemp(dir));
        char p[512];
        for (int i = 0; i < 3000; i++) {
                int pid = 100000 - i * 7; /* created highest first */
                snprintf(p, sizeof(p), "%s/%d", dir, pid);
                assert_int_equal(mkdir(p, 0755), 0);
                snprintf(p, sizeof(p), "%s/%d/cmdline", dir, pid);
                FILE *f = fopen(p, "w");
                assert_non_null(f);
                if (i % 1000 == 999)
                        fprintf(f, "/usr/bin/kubelet%c--v=2%c", 0, 0);
                else if (i == 5)
                        fprintf(f, "/hyperkube%cproxy%c", 0, 0);
                else
                        fprintf(f, "/opt/app/worker-%d%c--id=%d%c", i % 700, 0, i, 0);
                fclose(f);
        }
        snprintf(p, sizeof(p), "%s/7", dir);
        assert_int_equal(mkdir(p, 0755), 0);
        snprintf(p, sizeof(p), "%s/7/cmdline", dir);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        for (int i = 0; i < 5000; i++)
                fputc('a', f); /* a 5000-byte argv[0] */
        fclose(f);

        _cleanup_arena_ struct arena *a = arena_new();
        struct rootfs *procfs;
        assert_int_equal(rootfs_open(dir, &procfs), 0);
        struct proc_table *t;
        assert_int_equal(proc_table_load(procfs, a, &t), 0);
        assert_int_equal(proc_table_count(t), 3001);
        int pid;
        assert_int_equal(proc_table_find(t, "kubelet", &pid), 0);
        assert_int_equal(pid, 100000 - 2999 * 7); /* the lowest of the three */
        assert_int_equal(proc_table_find(t, "kube-proxy", &pid), 0);
        assert_int_equal(pid, 100000 - 5 * 7);
        assert_int_equal(proc_table_find(t, "worker-3", &pid), 0); /* one of 700 names */
        assert_int_equal(pid, 100000 - 2803 * 7);
        assert_int_equal(proc_table_find(t, "worker", &pid), -ENOENT);
        assert_int_equal(proc_table_find(t, "app", &pid), -ENOENT);
        /* the long argv[0] was cut at the head, and is nobody's component */
        assert_int_equal(proc_table_find(t, "aaaa", &pid), -ENOENT);
        /* no descriptor left open: the next one is the lowest free */
        int fd = open("/dev/null", O_RDONLY);
        assert_true(fd >= 0 && fd < 10);
        close(fd);
        rootfs_close(procfs);
        snprintf(p, sizeof(p), "rm -rf '%s'", dir);
        assert_int_equal(system(p), 0);
}

static void test_argv(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char **argv;
        size_t n = proc_split_cmdline(a, "a\0\0b", 4, &argv);
        assert_int_equal(n, 3); /* an empty argument is an argument */
        assert_string_equal(argv[1], "");
        assert_int_equal(proc_split_cmdline(a, "", 0, &argv), 0);
        assert_null(argv[0]);
        char *kv[] = {"/usr/local/bin/kube-proxy", "--x"};
        assert_true(proc_argv_is(kv, 2, "kube-proxy"));
        char *hk[] = {"hyperkube", "proxy"};
        assert_true(proc_argv_is(hk, 2, "kube-proxy"));
        char *lk[] = {"/usr/bin/kubelet-healthcheck"};
        assert_false(proc_argv_is(lk, 1, "kubelet"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_find),
                cmocka_unit_test(test_argv),
                cmocka_unit_test(test_many),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
