/* test-confdirs: ordered configuration directories — shadowing, name order, filters, limits. */
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

#include "io/confdirs.h"
#include "io/rootfs.h"
#include "shared/arena.h"
#include "shared/strutil.h"

static char tmp[64];

static void put(const char *rel)
{
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", tmp, rel);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(rel, f);
        fclose(f);
}

static void dir(const char *rel)
{
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", tmp, rel);
        assert_int_equal(mkdir(p, 0755), 0);
}

static int setup(void **state)
{
        strcpy(tmp, "/tmp/nodeaudit-confdirs-XXXXXX");
        assert_non_null(mkdtemp(tmp));
        dir("etc");
        dir("run");
        dir("usr");
        dir("usr/lib");
        put("etc/50-b.conf");
        put("etc/.hidden.conf");
        put("etc/notes.txt");
        dir("etc/90-dir.conf");
        put("run/10-a.conf");
        put("run/50-b.conf"); /* hidden by etc's */
        put("usr/lib/70-c.conf");
        put("usr/lib/10-a.conf"); /* hidden by run's */
        char p[512], t[512];
        snprintf(p, sizeof(p), "%s/lib", tmp);
        assert_int_equal(symlink("usr/lib", p), 0); /* merged /usr */
        snprintf(t, sizeof(t), "%s/etc/95-link.conf", tmp);
        assert_int_equal(symlink("/usr/lib/70-c.conf", t), 0);
        return 0;
}

static int teardown(void **state)
{
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
        return system(cmd) == 0 ? 0 : -1;
}

static const char *const dirs[] = {"/etc", "/run", "/missing", "/lib", "/usr/lib"};

static char *names(struct arena *a, const struct conf_file *f, size_t n)
{
        char **v = arena_alloc(a, (n + 1) * sizeof(*v));
        for (size_t i = 0; i < n; i++)
                v[i] = f[i].path;
        return str_join(a, v, n, " ");
}

static void shadowing_and_order(void **state)
{
        struct arena *a = arena_new();
        struct rootfs *r;
        assert_int_equal(rootfs_open(tmp, &r), 0);
        struct confdirs_options o = {.suffix = ".conf", .skip_hidden = true, .regular_only = true,
                                     .same_dir_once = true, .fail_on_error = true};
        struct conf_file *f;
        size_t n;
        const char *failed;
        assert_int_equal(confdirs_list(r, dirs, ELEMENTSOF(dirs), &o, a, &f, &n, &failed), 0);
        /* an earlier directory's name hides a later one's; a directory named
         * like a file is no file; a link to a file counts; /lib is /usr/lib */
        assert_string_equal(names(a, f, n),
                            "/run/10-a.conf /etc/50-b.conf /lib/70-c.conf /etc/95-link.conf");
        rootfs_close(r);
        arena_free(a);
}

static void filters(void **state)
{
        struct arena *a = arena_new();
        struct rootfs *r;
        assert_int_equal(rootfs_open(tmp, &r), 0);
        struct conf_file *f;
        size_t n;
        const char *failed;
        /* no filter: hidden files, other suffixes and directories all count */
        struct confdirs_options all = {0};
        const char *etc[] = {"/etc"};
        assert_int_equal(confdirs_list(r, etc, 1, &all, a, &f, &n, &failed), 0);
        assert_string_equal(names(a, f, n), "/etc/.hidden.conf /etc/50-b.conf /etc/90-dir.conf "
                                            "/etc/95-link.conf /etc/notes.txt");
        struct confdirs_options glob = {.glob = "*.txt", .skip_dirs = true};
        assert_int_equal(confdirs_list(r, etc, 1, &glob, a, &f, &n, &failed), 0);
        assert_string_equal(names(a, f, n), "/etc/notes.txt");
        struct confdirs_options nodirs = {.suffix = ".conf", .skip_hidden = true, .skip_dirs = true};
        assert_int_equal(confdirs_list(r, etc, 1, &nodirs, a, &f, &n, &failed), 0);
        assert_string_equal(names(a, f, n), "/etc/50-b.conf /etc/95-link.conf");
        /* without same_dir_once, /lib and /usr/lib are two directories whose
         * names still shadow each other */
        struct confdirs_options twice = {.suffix = ".conf"};
        const char *libs[] = {"/lib", "/usr/lib"};
        assert_int_equal(confdirs_list(r, libs, 2, &twice, a, &f, &n, &failed), 0);
        assert_string_equal(names(a, f, n), "/lib/10-a.conf /lib/70-c.conf");
        rootfs_close(r);
        arena_free(a);
}

static void refusals(void **state)
{
        struct arena *a = arena_new();
        struct rootfs *r;
        assert_int_equal(rootfs_open(tmp, &r), 0);
        struct conf_file *f = NULL;
        size_t n = 0;
        const char *failed;
        struct confdirs_options capped = {.suffix = ".conf", .max = 2};
        assert_int_equal(confdirs_list(r, dirs, ELEMENTSOF(dirs), &capped, a, &f, &n, &failed), -E2BIG);
        /* a "directory" that is a file cannot be listed: an error only when asked */
        const char *notdir[] = {"/etc/notes.txt"};
        struct confdirs_options strict = {.fail_on_error = true};
        assert_true(confdirs_list(r, notdir, 1, &strict, a, &f, &n, &failed) < 0);
        assert_string_equal(failed, "/etc/notes.txt");
        struct confdirs_options lax = {0};
        assert_int_equal(confdirs_list(r, notdir, 1, &lax, a, &f, &n, &failed), 0);
        assert_int_equal(n, 0);
        /* a missing directory is none, never an error */
        const char *missing[] = {"/nowhere"};
        assert_int_equal(confdirs_list(r, missing, 1, &strict, a, &f, &n, &failed), 0);
        assert_int_equal(n, 0);
        rootfs_close(r);
        arena_free(a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(shadowing_and_order),
                cmocka_unit_test(filters),
                cmocka_unit_test(refusals),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
