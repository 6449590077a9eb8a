/* test-elfver: the Kubernetes version stamp read from ELF files — from Go's
 * recorded build flags, from the linker's NUL-terminated -X strings in
 * .rodata — and everything the reader must refuse or not mistake for one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/elfver.h"
#include "shared/strutil.h"

struct sec {
        const char *name;
        const char *data;
        size_t len;
};

static void put(unsigned char *p, uint64_t v, size_t n, bool big)
{
        for (size_t i = 0; i < n; i++)
                p[big ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

/* An ELF file with SECS, then .shstrtab, as tests/helpers/mkelf.py writes it. */
static int elf_file(const struct sec *secs, size_t n, bool is64, bool big)
{
        size_t ehsize = is64 ? 64 : 52, shent = is64 ? 64 : 40;
        size_t total = ehsize, names = 1;
        for (size_t i = 0; i < n; i++) {
                total += secs[i].len;
                names += strlen(secs[i].name) + 1;
        }
        names += sizeof(".shstrtab");
        size_t str_off = total;
        total += names;
        total += (8 - total % 8) % 8;
        size_t shoff = total, shnum = n + 2;
        total += shnum * shent;
        unsigned char *f = calloc(1, total);
        memcpy(f, "\x7f" "ELF", 4);
        f[4] = is64 ? 2 : 1;
        f[5] = big ? 2 : 1;
        f[6] = 1;
        put(f + 16, 1, 2, big);
        put(f + (is64 ? 40 : 32), shoff, is64 ? 8 : 4, big);
        put(f + (is64 ? 58 : 46), shent, 2, big);
        put(f + (is64 ? 60 : 48), shnum, 2, big);
        put(f + (is64 ? 62 : 50), shnum - 1, 2, big);
        size_t off = ehsize, name = 1;
        char *strtab = (char *)f + str_off;
        for (size_t i = 0; i <= n; i++) {
                unsigned char *sh = f + shoff + (i + 1) * shent;
                const char *nm = i < n ? secs[i].name : ".shstrtab";
                strcpy(strtab + name, nm);
                put(sh, name, 4, big);
                put(sh + 4, i < n ? 1 : 3, 4, big);
                put(sh + (is64 ? 24 : 16), i < n ? off : str_off, is64 ? 8 : 4, big);
                put(sh + (is64 ? 32 : 20), i < n ? secs[i].len : names, is64 ? 8 : 4, big);
                if (i < n) {
                        memcpy(f + off, secs[i].data, secs[i].len);
                        off += secs[i].len;
                }
                name += strlen(nm) + 1;
        }
        FILE *t = tmpfile();
        assert_non_null(t);
        assert_int_equal(fwrite(f, 1, total, t), total);
        fflush(t);
        free(f);
        return dup(fileno(t)); /* tmpfile's descriptor outlives the FILE through dup */
}

#define S(name, lit) {name, lit, sizeof(lit) - 1}

static int version_of(int fd, struct arena *a, char **v, char **tag, char **how)
{
        *v = *tag = *how = NULL;
        int err = elf_k8s_version(fd, a, v, tag, how);
        close(fd);
        return err;
}

static void test_rodata_stamp(void **state)
{
        struct arena *a = arena_new();
        char *v, *tag, *how;
        /* Go's own strings run together; only the -X value is NUL-terminated */
        struct sec go[] = {S(".text", "\x90\x90"),
                           S(".rodata", "removed in v1.27.0, use v1.25.3reset\0\0" "1\0" "30\0"
                                        "&\0\0\0\0\0\0\0v1.30.2\0\x16\0\0\0")};
        assert_int_equal(version_of(elf_file(go, 2, true, false), a, &v, &tag, &how), 0);
        assert_string_equal(v, "1.30.2");
        assert_string_equal(tag, "v1.30.2");
        assert_non_null(strstr(how, ".rodata"));
        /* suffixes stay in the tag, not in the release; 32-bit big-endian too */
        struct sec k3s[] = {S(".rodata", "\0v1.31.4+k3s1\0")};
        assert_int_equal(version_of(elf_file(k3s, 1, false, true), a, &v, &tag, &how), 0);
        assert_string_equal(v, "1.31.4");
        assert_string_equal(tag, "v1.31.4+k3s1");
        /* at the very start of the section, and the same stamp twice */
        struct sec twice[] = {S(".rodata", "v1.29.0-rc.1\0xx\0v1.29.0-rc.1\0")};
        assert_int_equal(version_of(elf_file(twice, 1, true, false), a, &v, &tag, &how), 0);
        assert_string_equal(v, "1.29.0");
        arena_free(a);
}

static void test_buildinfo(void **state)
{
        struct arena *a = arena_new();
        char *v, *tag, *how;
        /* recorded -ldflags win over .rodata */
        struct sec s[] = {S(".go.buildinfo", "\xff Go buildinf:\x08\x02" "path\tk8s.io/kubernetes\n"
                                             "build\t-ldflags=\"-X 'k8s.io/component-base/version.gitVersion=v1.29.4' "
                                             "-X 'k8s.io/component-base/version.gitMajor=1'\"\n"),
                          S(".rodata", "\0v1.28.0\0")};
        assert_int_equal(version_of(elf_file(s, 2, true, false), a, &v, &tag, &how), 0);
        assert_string_equal(v, "1.29.4");
        assert_non_null(strstr(how, ".go.buildinfo"));
        /* -X without quotes, at the very end of the section */
        struct sec s2[] = {S(".go.buildinfo", "-X k8s.io/client-go/pkg/version.gitVersion=v1.32.1")};
        assert_int_equal(version_of(elf_file(s2, 1, true, false), a, &v, &tag, &how), 0);
        assert_string_equal(v, "1.32.1");
        /* a gitVersion that is no release falls through to .rodata */
        struct sec s3[] = {S(".go.buildinfo", "version.gitVersion=v0.0.0-master+$Format:%H$ "),
                           S(".rodata", "\0v1.33.0\0")};
        assert_int_equal(version_of(elf_file(s3, 2, true, false), a, &v, &tag, &how), 0);
        assert_string_equal(v, "1.33.0");
        arena_free(a);
}

static void test_not_stamps(void **state)
{
        struct arena *a = arena_new();
        char *v, *tag, *how;
        const struct sec cases[][1] = {
                {S(".rodata", "use v1.25.3\0")},        /* preceded by a printable byte */
                {S(".rodata", "\0v1.25.3")},            /* not terminated (section ends) */
                {S(".rodata", "\0v1.25.3 \0")},         /* not terminated right after */
                {S(".rodata", "\0v1.25\0")},            /* no patch */
                {S(".rodata", "\0v2.0.0\0")},           /* not Kubernetes 1.x */
                {S(".rodata", "\0v1.2345.0\0")},        /* absurd minor */
                {S(".data", "\0v1.30.2\0")},            /* not in .rodata */
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++)
                if (version_of(elf_file(cases[i], 1, true, false), a, &v, &tag, &how) != -ENOENT)
                        fail_msg("case %zu: found %s", i, v ? v : "(null)");
        /* two different stamps: say so, pick none */
        struct sec two[] = {S(".rodata", "\0v1.30.2\0\0v1.31.0\0")};
        assert_int_equal(version_of(elf_file(two, 1, true, false), a, &v, &tag, &how), -ENOTUNIQ);
        assert_non_null(strstr(how, "v1.30.2, v1.31.0"));
        arena_free(a);
}

static void test_chunk_boundary(void **state)
{
        /* stamps straddling and touching the reader's windows (256 KiB, from the end) */
        struct arena *a = arena_new();
        size_t len = 3 * 1024 * 1024;
        for (size_t at = 1024 * 1024 - 12; at <= 1024 * 1024 + 1; at++) {
                char *big = calloc(1, len);
                memcpy(big + at, "v1.30.2", 7);
                struct sec s[] = {{".rodata", big, len}};
                char *v, *tag, *how;
                int err = version_of(elf_file(s, 1, true, false), a, &v, &tag, &how);
                if (err != 0 || !streq(v, "1.30.2"))
                        fail_msg("stamp at %zu: %d", at, err);
                free(big);
        }
        arena_free(a);
}

static void test_search_ends(void **state)
{
        /* read from the end; one window past the first stamp, then stop */
        struct arena *a = arena_new();
        size_t len = 2 * 1024 * 1024;
        char *big = calloc(1, len), *v, *tag, *how;
        memcpy(big + len - 100, "v1.30.2", 7);
        memcpy(big + 1000, "v1.99.9", 7); /* far before: not reached */
        struct sec s[] = {{".rodata", big, len}};
        assert_int_equal(version_of(elf_file(s, 1, true, false), a, &v, &tag, &how), 0);
        assert_string_equal(v, "1.30.2");
        memcpy(big + len - 300 * 1024, "v1.31.0", 7); /* in the next window: seen */
        assert_int_equal(version_of(elf_file(s, 1, true, false), a, &v, &tag, &how), -ENOTUNIQ);
        free(big);
        arena_free(a);
}

static void test_refused(void **state)
{
        struct arena *a = arena_new();
        char *v, *tag, *how;
        FILE *t = tmpfile();
        fputs("#!/bin/sh\necho v1.30.2\n", t);
        fflush(t);
        assert_int_equal(version_of(dup(fileno(t)), a, &v, &tag, &how), -EINVAL);
        fclose(t);
        /* headers pointing outside the file */
        struct sec s[] = {S(".rodata", "\0v1.30.2\0")};
        int fd = elf_file(s, 1, true, false);
        off_t size = lseek(fd, 0, SEEK_END);
        unsigned char shoff[8];
        assert_int_equal(pread(fd, shoff, 8, 40), 8);
        put(shoff, (uint64_t)size + 100, 8, false);
        assert_int_equal(pwrite(fd, shoff, 8, 40), 8);
        assert_int_equal(version_of(fd, a, &v, &tag, &how), -EINVAL);
        /* a section whose size runs past the end */
        fd = elf_file(s, 1, true, false);
        unsigned char big[8];
        put(big, 1ULL << 40, 8, false);
        uint64_t sh1 = 0;
        unsigned char b[8];
        assert_int_equal(pread(fd, b, 8, 40), 8);
        for (int i = 7; i >= 0; i--)
                sh1 = sh1 << 8 | b[i];
        assert_int_equal(pwrite(fd, big, 8, (off_t)(sh1 + 64 + 32)), 8);
        assert_int_equal(version_of(fd, a, &v, &tag, &how), -EINVAL);
        /* truncated: only the identification bytes */
        t = tmpfile();
        fwrite("\x7f" "ELF\x02\x01\x01", 1, 7, t);
        fflush(t);
        assert_int_equal(version_of(dup(fileno(t)), a, &v, &tag, &how), -EINVAL);
        fclose(t);
        /* no section headers at all */
        t = tmpfile();
        unsigned char eh[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
        fwrite(eh, 1, sizeof(eh), t);
        fflush(t);
        assert_int_equal(version_of(dup(fileno(t)), a, &v, &tag, &how), -ENOENT);
        fclose(t);
        /* a sparse 2 GB file whose header asks for 65,535 entries of 32 KB:
         * refused before anything is allocated, not a 2 GB section table */
        t = tmpfile();
        unsigned char sp[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
        put(sp + 40, 64, 8, false);
        put(sp + 58, 32768, 2, false);
        put(sp + 60, 65535, 2, false);
        put(sp + 62, 1, 2, false);
        fwrite(sp, 1, sizeof(sp), t);
        fflush(t);
        assert_int_equal(ftruncate(fileno(t), 2LL << 30), 0);
        assert_int_equal(version_of(dup(fileno(t)), a, &v, &tag, &how), -EINVAL);
        fclose(t);
        arena_free(a);
}

static void test_release_of_tag(void **state)
{
        struct arena *a = arena_new();
        assert_string_equal(k8s_release_of_tag("v1.30.2+k3s1", a), "1.30.2");
        assert_string_equal(k8s_release_of_tag("v1.28.15-eks-1234", a), "1.28.15");
        assert_null(k8s_release_of_tag("1.30.2", a));
        assert_null(k8s_release_of_tag("v1.30", a));
        arena_free(a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rodata_stamp),
                cmocka_unit_test(test_buildinfo),
                cmocka_unit_test(test_not_stamps),
                cmocka_unit_test(test_chunk_boundary),
                cmocka_unit_test(test_search_ends),
                cmocka_unit_test(test_refused),
                cmocka_unit_test(test_release_of_tag),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
