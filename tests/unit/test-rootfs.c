/* test-rootfs: confinement — symlink escapes, ".." chains, FIFOs, devices, size caps; openat2 and the fallback. */
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
#include <sys/sysmacros.h>
#include <unistd.h>

#include "io/localfs.h"
#include "io/rootfs.h"
#include "shared/strutil.h"

static char tmp[64];
static char rootdir[128];

static void put(const char *rel, const char *text)
{
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", tmp, rel);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static void link_(const char *target, const char *rel)
{
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", tmp, rel);
        assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
        strcpy(tmp, "/tmp/nodeaudit-rootfs-XXXXXX");
        assert_non_null(mkdtemp(tmp));
        snprintf(rootdir, sizeof(rootdir), "%s/root", tmp);
        char p[512];
        const char *dirs[] = {"root", "root/etc", "root/dir", "root/dir/sub", "outside"};
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                snprintf(p, sizeof(p), "%s/%s", tmp, dirs[i]);
                assert_int_equal(mkdir(p, 0755), 0);
        }
        put("root/etc/a", "inside");
        put("outside/secret", "SECRET");
        put("root/dir/sub/b", "b");
        link_("/etc/a", "root/abs");                  /* absolute: inside the root */
        link_("../outside/secret", "root/rel-escape"); /* climbs above the root */
        link_("/../../outside/secret", "root/abs-escape");
        link_("/proc/self/root/etc/passwd", "root/magic");
        link_("loop2", "root/loop1");
        link_("loop1", "root/loop2");
        link_("/", "root/dir/toroot");
        link_("sub", "root/dir/rel");
        snprintf(p, sizeof(p), "%s/root/fifo", tmp);
        assert_int_equal(mkfifo(p, 0600), 0);
        snprintf(p, sizeof(p), "%s/root/big", tmp);
        int fd = open(p, O_CREAT | O_WRONLY, 0600);
        assert_true(fd >= 0);
        assert_int_equal(ftruncate(fd, 64LL * 1024 * 1024), 0);
        close(fd);
        if (geteuid() == 0) {
                snprintf(p, sizeof(p), "%s/root/null", tmp);
                assert_int_equal(mknod(p, S_IFCHR | 0666, makedev(1, 3)), 0);
        }
        return 0;
}

static int teardown(void **state)
{
        char cmd[256];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        return system(cmd) == 0 ? 0 : -1;
}

static struct rootfs *open_root(bool fallback)
{
        struct rootfs *r;
        assert_int_equal(rootfs_open(rootdir, &r), 0);
        rootfs_set_fallback(r, fallback);
        return r;
}

static int read_str(struct rootfs *r, const char *path, struct arena *a, char **ret)
{
        size_t len;
        return rootfs_read_file(r, path, 1024 * 1024, a, ret, &len);
}

static void test_confinement(void **state)
{
        for (int fb = 0; fb < 2; fb++) {
                _cleanup_arena_ struct arena *a = arena_new();
                struct rootfs *r = open_root(fb);
                char *s;
                assert_int_equal(read_str(r, "/etc/a", a, &s), 0);
                assert_string_equal(s, "inside");
                assert_int_equal(read_str(r, "etc/a", a, &s), 0);
                assert_int_equal(read_str(r, "/abs", a, &s), 0); /* absolute link stays inside */
                assert_string_equal(s, "inside");
                assert_int_equal(read_str(r, "/rel-escape", a, &s), -ENOENT);
                assert_int_equal(read_str(r, "/abs-escape", a, &s), -ENOENT);
                assert_int_equal(read_str(r, "/../../outside/secret", a, &s), -ENOENT);
                assert_int_equal(read_str(r, "/dir/../../../etc/a", a, &s), 0);
                assert_string_equal(s, "inside");
                assert_int_equal(read_str(r, "/dir/toroot/etc/a", a, &s), 0);
                assert_int_equal(read_str(r, "/dir/rel/b", a, &s), 0);
                assert_string_equal(s, "b");
                assert_true(read_str(r, "/magic", a, &s) < 0);
                assert_int_equal(read_str(r, "/loop1", a, &s), -ELOOP);
                assert_int_equal(read_str(r, "/etc/a/x", a, &s), -ENOTDIR);
                rootfs_close(r);
        }
}

static void test_special_files(void **state)
{
        for (int fb = 0; fb < 2; fb++) {
                _cleanup_arena_ struct arena *a = arena_new();
                struct rootfs *r = open_root(fb);
                char *s;
                /* a FIFO must neither hang nor be read */
                assert_int_equal(read_str(r, "/fifo", a, &s), -ROOTFS_ENOTREG);
                assert_int_equal(read_str(r, "/big", a, &s), -EFBIG);
                assert_int_equal(read_str(r, "/etc", a, &s), -ROOTFS_ENOTREG);
                if (geteuid() == 0)
                        assert_int_equal(read_str(r, "/null", a, &s), -ROOTFS_ENOTREG);
                struct stat st;
                assert_int_equal(rootfs_stat(r, "/fifo", &st), 0);
                assert_true(S_ISFIFO(st.st_mode));
                assert_int_equal(rootfs_stat(r, "/abs", &st), 0); /* stat follows, inside */
                assert_true(S_ISREG(st.st_mode));
                assert_int_equal(rootfs_lstat(r, "/abs", &st), 0);
                assert_true(S_ISLNK(st.st_mode));
                assert_int_equal(rootfs_lstat(r, "/dir/toroot/etc/a", &st), 0);
                assert_true(S_ISREG(st.st_mode));
                /* opened for reading only when the descriptor says regular file:
                 * a FIFO is never opened, so a writer waiting on it stays waiting
                 * (a non-blocking writer finds no reader: ENXIO) */
                int fd = -1;
                assert_int_equal(rootfs_open_regular(r, "/fifo", &fd, NULL), -ROOTFS_ENOTREG);
                assert_int_equal(fd, -1);
                char p[512];
                snprintf(p, sizeof(p), "%s/root/fifo", tmp);
                assert_int_equal(open(p, O_WRONLY | O_NONBLOCK), -1);
                assert_int_equal(errno, ENXIO);
                assert_int_equal(rootfs_open_regular(r, "/etc", &fd, NULL), -ROOTFS_ENOTREG);
                assert_int_equal(rootfs_open_regular(r, "/abs", &fd, &st), 0); /* via a link inside */
                assert_true(S_ISREG(st.st_mode));
                close(fd);
                assert_int_equal(rootfs_open_regular(r, "/abs-escape", &fd, NULL), -ENOENT);
                rootfs_close(r);
        }
}

static void test_readlink_and_list(void **state)
{
        for (int fb = 0; fb < 2; fb++) {
                _cleanup_arena_ struct arena *a = arena_new();
                struct rootfs *r = open_root(fb);
                char *s;
                assert_int_equal(rootfs_readlink(r, "/abs", a, &s), 0);
                assert_string_equal(s, "/etc/a");
                assert_int_equal(rootfs_readlink(r, "/etc/a", a, &s), -EINVAL);
                char **names;
                size_t n;
                assert_int_equal(rootfs_list_dir(r, "/dir", a, &names, &n), 0);
                assert_int_equal(n, 3);
                assert_string_equal(names[0], "rel");
                assert_string_equal(names[1], "sub");
                assert_string_equal(names[2], "toroot");
                assert_int_equal(rootfs_list_dir(r, "/nope", a, &names, &n), -ENOENT);
                rootfs_close(r);
        }
}

static void test_fallback_forced(void **state)
{
        struct rootfs *r = open_root(true);
        assert_false(rootfs_uses_openat2(r));
        rootfs_close(r);
        assert_int_equal(rootfs_open("/nonexistent-root-dir", &r), -ENOENT);
        assert_string_equal(rootfs_strerror(-EFBIG), "file exceeds the size limit");
}

static void test_local_files(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char **files;
        size_t n;
        char p[256];
        snprintf(p, sizeof(p), "%s/root", tmp);
        assert_int_equal(local_find_files(p, "b", a, &files, &n), 0);
        assert_int_equal(n, 1);
        char *buf;
        size_t len;
        snprintf(p, sizeof(p), "%s/root/fifo", tmp);
        assert_int_equal(local_read_file(p, 100, a, &buf, &len), -ROOTFS_ENOTREG);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_confinement),
                cmocka_unit_test(test_special_files),
                cmocka_unit_test(test_readlink_and_list),
                cmocka_unit_test(test_fallback_forced),
                cmocka_unit_test(test_local_files),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
