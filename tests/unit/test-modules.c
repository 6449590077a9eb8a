/* test-modules: the module model on small hostile roots, with openat2 and with
 * the fallback resolver: module indexes that link out of the root or are FIFOs
 * are errors that say why, and a sound index gives the module's file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/rootfs.h"
#include "model/modules.h"
#include "shared/arena.h"

#define REL "6.1.0-test"

static char top[64];

static void sh(const char *fmt, ...)
{
        char cmd[2048];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(cmd, sizeof(cmd), fmt, ap);
        va_end(ap);
        assert_int_equal(system(cmd), 0);
}

/* A one-key kmod index, as tests/hostile/modules.sh writes it. */
static void write_index(const char *path, const char *key, const char *value)
{
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fwrite("\xb0\x07\xf4\x57\x00\x02\x00\x01\xc0\x00\x00\x0c", 1, 12, f);
        fwrite(key, 1, strlen(key) + 1, f);
        fwrite("\x00\x00\x00\x01\x00\x00\x00\x00", 1, 8, f);
        fwrite(value, 1, strlen(value) + 1, f);
        fclose(f);
}

/* ROOT/NAME: a node with one module, cramfs, whose modules.dep.bin is sound. */
static void make_root(const char *name)
{
        char path[256];
        sh("mkdir -p %s/%s/proc/sys/kernel %s/%s/etc/modprobe.d %s/%s/lib/modules/" REL, top, name,
           top, name, top, name);
        sh("echo " REL " > %s/%s/proc/sys/kernel/osrelease && : > %s/%s/proc/modules", top, name,
           top, name);
        sh("printf 'blacklist cramfs\\n' > %s/%s/etc/modprobe.d/cis.conf", top, name);
        snprintf(path, sizeof(path), "%s/%s/lib/modules/" REL "/modules.dep.bin", top, name);
        write_index(path, "cramfs", "kernel/fs/cramfs/cramfs.ko:");
}

static int setup(void **state)
{
        (void)state;
        char path[256];
        snprintf(top, sizeof(top), "/tmp/nodeaudit-modules-XXXXXX");
        if (!mkdtemp(top))
                return -1;
        sh("mkdir -p %s/outside", top);
        snprintf(path, sizeof(path), "%s/outside/modules.dep.bin", top);
        write_index(path, "cramfs", "kernel/OUTSIDE/cramfs.ko:");
        make_root("sound");
        make_root("link-abs");
        sh("ln -sf %s/outside/modules.dep.bin %s/link-abs/lib/modules/" REL "/modules.dep.bin", top,
           top);
        make_root("link-climb");
        sh("ln -sf ../../../../outside/modules.dep.bin %s/link-climb/lib/modules/" REL
           "/modules.dep.bin",
           top);
        make_root("fifo");
        sh("rm %s/fifo/lib/modules/" REL "/modules.dep.bin && mkfifo %s/fifo/lib/modules/" REL
           "/modules.dep.bin",
           top, top);
        make_root("not-index");
        sh("echo 'kernel/fs/cramfs/cramfs.ko:' > %s/not-index/lib/modules/" REL "/modules.dep.bin",
           top);
        make_root("no-index");
        sh("rm %s/no-index/lib/modules/" REL "/modules.dep.bin", top);
        make_root("no-dir");
        sh("rm -r %s/no-dir/lib/modules/" REL, top);
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        sh("rm -rf %s", top);
        return 0;
}

/* Opens ROOT/NAME's modules with the resolver FALLBACK chooses. */
static int open_modules(const char *name, bool fallback, struct arena *a, struct rootfs **ret_root,
                        struct rootfs **ret_proc, struct modules **ret, char **ret_why)
{
        char dir[256], proc[256];
        snprintf(dir, sizeof(dir), "%s/%s", top, name);
        snprintf(proc, sizeof(proc), "%s/%s/proc", top, name);
        assert_int_equal(rootfs_open(dir, ret_root), 0);
        assert_int_equal(rootfs_open(proc, ret_proc), 0);
        rootfs_set_fallback(*ret_root, fallback);
        *ret = NULL;
        return modules_open(*ret_root, *ret_proc, a, ret, ret_why);
}

static void expect_refused(const char *name, const char *words)
{
        for (int fallback = 0; fallback <= 1; fallback++) {
                struct arena *a = arena_new();
                struct rootfs *root, *proc;
                struct modules *m;
                char *why = NULL;
                int err = open_modules(name, fallback, a, &root, &proc, &m, &why);
                if (err == 0)
                        fail_msg("%s (fallback %d): opened", name, fallback);
                if (!why || !strstr(why, words) || strstr(why, "OUTSIDE"))
                        fail_msg("%s (fallback %d): \"%s\", wanted \"%s\"", name, fallback,
                                 why ? why : "(null)", words);
                rootfs_close(proc);
                rootfs_close(root);
                arena_free(a);
        }
}

static void hostile_indexes(void **state)
{
        (void)state;
        const char *dep = "/lib/modules/" REL "/modules.dep.bin: ";
        char words[256];
        snprintf(words, sizeof(words),
                 "%sa symbolic link that leads nowhere inside the scanned root", dep);
        expect_refused("link-abs", words);
        expect_refused("link-climb", words);
        snprintf(words, sizeof(words), "%sa FIFO, not a regular file", dep);
        expect_refused("fifo", words);
        snprintf(words, sizeof(words), "%snot a kmod module index", dep);
        expect_refused("not-index", words);
        expect_refused("no-index", "modprobe finds no module without this index");
}

static void sound_index(void **state)
{
        (void)state;
        for (int fallback = 0; fallback <= 1; fallback++) {
                struct arena *a = arena_new();
                struct rootfs *root, *proc;
                struct modules *m;
                struct module_state st;
                char *why = NULL;
                assert_int_equal(open_modules("sound", fallback, a, &root, &proc, &m, &why), 0);
                assert_int_equal(modules_state(m, "cramfs", a, &st, &why), 0);
                assert_string_equal(st.path, "/lib/modules/" REL "/kernel/fs/cramfs/cramfs.ko");
                assert_true(st.blacklisted);
                assert_null(st.install);
                assert_false(st.no_module_dir);
                assert_int_equal(modules_state(m, "freevxfs", a, &st, &why), 0);
                assert_null(st.path);
                modules_close(m);
                /* no directory for the running kernel: nothing to examine, no error */
                rootfs_close(proc);
                rootfs_close(root);
                assert_int_equal(open_modules("no-dir", fallback, a, &root, &proc, &m, &why), 0);
                assert_int_equal(modules_state(m, "cramfs", a, &st, &why), 0);
                assert_true(st.no_module_dir);
                modules_close(m);
                rootfs_close(proc);
                rootfs_close(root);
                arena_free(a);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(hostile_indexes),
                cmocka_unit_test(sound_index),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
