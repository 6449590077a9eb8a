/* elfver: ELF section headers, Go's .go.buildinfo and the linker's -X strings. */
#include "parse/elfver.h"

#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shared/k8s-version.h"
#include "shared/strutil.h"

#define CHUNK (256 * 1024)
#define MAX_STAMP 64
#define MAX_CANDIDATES 8

struct elf {
        int fd;
        uint64_t size;
        bool is64, big;
};

static int read_at(const struct elf *e, uint64_t off, void *buf, size_t n)
{
        if (off > e->size || n > e->size - off)
                return -EINVAL;
        size_t done = 0;
        while (done < n) {
                ssize_t r = pread(e->fd, (char *)buf + done, n - done, (off_t)(off + done));
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0)
                        return -errno;
                if (r == 0)
                        return -EINVAL; /* shorter than fstat said */
                done += (size_t)r;
        }
        return 0;
}

static uint64_t get(const struct elf *e, const unsigned char *p, size_t n)
{
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
                v |= (uint64_t)p[e->big ? n - 1 - i : i] << (8 * i);
        return v;
}

struct section {
        uint64_t off, size;
        bool found;
};

/* Finds .go.buildinfo and .rodata by name. */
static int find_sections(struct elf *e, struct section *buildinfo, struct section *rodata,
                         struct arena *a)
{
        unsigned char h[64];
        int err = read_at(e, 0, h, EI_NIDENT);
        if (err < 0)
                return err;
        if (memcmp(h, ELFMAG, SELFMAG) != 0 ||
            (h[EI_CLASS] != ELFCLASS32 && h[EI_CLASS] != ELFCLASS64) ||
            (h[EI_DATA] != ELFDATA2LSB && h[EI_DATA] != ELFDATA2MSB))
                return -EINVAL;
        e->is64 = h[EI_CLASS] == ELFCLASS64;
        e->big = h[EI_DATA] == ELFDATA2MSB;
        if ((err = read_at(e, 0, h, e->is64 ? 64 : 52)) < 0)
                return err;
        uint64_t shoff = e->is64 ? get(e, h + 40, 8) : get(e, h + 32, 4);
        size_t shentsize = get(e, h + (e->is64 ? 58 : 46), 2);
        size_t shnum = get(e, h + (e->is64 ? 60 : 48), 2);
        size_t shstrndx = get(e, h + (e->is64 ? 62 : 50), 2);
        size_t want = e->is64 ? 64 : 40;
        if (shoff == 0 || shnum == 0)
                return -ENOENT; /* no section headers (stripped of them) */
        /* Checked against the file before anything is allocated; a sparse
         * file's size says nothing, so the entry size is the standard one
         * (a little more is tolerated) and the table is at most 65,535 of them. */
        if (shentsize < want || shentsize > 2 * want || shstrndx >= shnum || shoff > e->size ||
            (uint64_t)shnum * shentsize > e->size - shoff)
                return -EINVAL;
        unsigned char *sh = arena_alloc(a, shnum * shentsize);
        if ((err = read_at(e, shoff, sh, shnum * shentsize)) < 0)
                return err;
#define SH_NAME(p) get(e, (p), 4)
#define SH_OFF(p) (e->is64 ? get(e, (p) + 24, 8) : get(e, (p) + 16, 4))
#define SH_SIZE(p) (e->is64 ? get(e, (p) + 32, 8) : get(e, (p) + 20, 4))
        const unsigned char *strtab = sh + shstrndx * shentsize;
        uint64_t str_off = SH_OFF(strtab), str_size = SH_SIZE(strtab);
        if (str_size > 1024 * 1024 || str_off > e->size || str_size > e->size - str_off)
                return -EINVAL;
        char *names = arena_alloc(a, str_size + 1);
        if ((err = read_at(e, str_off, names, str_size)) < 0)
                return err;
        for (size_t i = 0; i < shnum; i++) {
                const unsigned char *p = sh + i * shentsize;
                uint64_t name = SH_NAME(p);
                if (name >= str_size)
                        continue;
                struct section *s = streq(names + name, ".go.buildinfo") ? buildinfo
                                    : streq(names + name, ".rodata")     ? rodata
                                                                         : NULL;
                if (!s || get(e, p + 4, 4) == SHT_NOBITS)
                        continue;
                s->off = SH_OFF(p);
                s->size = SH_SIZE(p);
                if (s->off > e->size || s->size > e->size - s->off)
                        return -EINVAL;
                s->found = true;
        }
#undef SH_NAME
#undef SH_OFF
#undef SH_SIZE
        return 0;
}

static size_t digits(const char *s, size_t n)
{
        size_t i = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
        return i;
}

/* Length of a stamp "v1.N.M" plus an optional -pre or +build suffix at S
 * (N bytes available), or 0. */
static size_t stamp_len(const char *s, size_t n)
{
        if (n < 6 || s[0] != 'v' || s[1] != '1' || s[2] != '.')
                return 0;
        size_t i = 3, d = digits(s + i, n - i);
        if (!d || d > 3)
                return 0;
        i += d;
        if (i >= n || s[i] != '.')
                return 0;
        i++;
        d = digits(s + i, n - i);
        if (!d || d > 4)
                return 0;
        i += d;
        if (i < n && (s[i] == '-' || s[i] == '+')) {
                while (i < n && (isalnum((unsigned char)s[i]) || strchr("-+._", s[i])) && s[i])
                        i++;
        }
        return i <= MAX_STAMP ? i : 0;
}

char *k8s_release_of_tag(const char *tag, struct arena *a)
{
        /* a whole stamp, then the release as every version string is read */
        return stamp_len(tag, strlen(tag)) ? k8s_version_of_tag(tag, a) : NULL;
}

/* -X 'k8s.io/component-base/version.gitVersion=v1.30.2' in the recorded
 * -ldflags (any package's version.gitVersion: client-go's too). */
static char *from_buildinfo(const struct elf *e, const struct section *s, struct arena *a)
{
        if (s->size > 4 * 1024 * 1024)
                return NULL;
        char *buf = arena_alloc(a, s->size + 1);
        if (read_at(e, s->off, buf, s->size) < 0)
                return NULL;
        static const char key[] = "version.gitVersion=";
        for (char *p = buf; (p = memmem(p, s->size - (size_t)(p - buf), key, sizeof(key) - 1));) {
                p += sizeof(key) - 1;
                size_t rest = s->size - (size_t)(p - buf);
                size_t l = stamp_len(p, rest);
                if (l && (l == rest || strchr("'\" \t\n\\", p[l])))
                        return arena_strndup(a, p, l);
        }
        return NULL;
}

static bool printable(unsigned char c)
{
        return c >= 0x20 && c < 0x7f;
}

/* The distinct "\0v1.N.M[suffix]\0" stamps in .rodata. The linker places
 * the -X strings together at the end of .rodata, so the section is read
 * backwards a window at a time, and the search ends one window after the
 * first stamp: far enough to see the other -X strings beside it (a
 * different stamp there makes the version ambiguous). */
static int from_rodata(const struct elf *e, const struct section *s, struct arena *a,
                       char **found, size_t *n_found)
{
        char *buf = malloc(CHUNK + MAX_STAMP + 2);
        if (!buf)
                return -ENOMEM;
        int err = 0, after_hit = 0;
        for (uint64_t end = s->size; end > 0 && after_hit < 2;) {
                /* candidates starting in [start, end); one byte before for the
                 * NUL that precedes a stamp, a stamp's length after */
                uint64_t start = end > CHUNK ? end - CHUNK : 0;
                uint64_t rs = start ? start - 1 : 0;
                uint64_t re = s->size - end > MAX_STAMP + 1 ? end + MAX_STAMP + 1 : s->size;
                size_t n = (size_t)(re - rs);
                if ((err = read_at(e, s->off + rs, buf, n)) < 0)
                        break;
                size_t first = (size_t)(start - rs), last = (size_t)(end - rs);
                for (char *p = buf + first; (p = memmem(p, n - (size_t)(p - buf), "v1.", 3)); p++) {
                        size_t at = (size_t)(p - buf);
                        if (at >= last)
                                break;
                        if (at > 0 && printable((unsigned char)buf[at - 1]))
                                continue;
                        size_t l = stamp_len(p, n - at);
                        if (!l || at + l >= n || buf[at + l] != '\0')
                                continue;
                        char *stamp = arena_strndup(a, p, l);
                        if (!str_in_list(stamp, found, *n_found) && *n_found < MAX_CANDIDATES)
                                found[(*n_found)++] = stamp;
                }
                if (*n_found)
                        after_hit++;
                end = start;
        }
        free(buf);
        return err;
}

int elf_k8s_version(int fd, struct arena *a, char **ret_version, char **ret_tag, char **ret_how)
{
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return -EINVAL;
        struct elf e = {.fd = fd, .size = (uint64_t)st.st_size};
        struct section bi = {0}, ro = {0};
        int err = find_sections(&e, &bi, &ro, a);
        if (err < 0)
                return err;
        char *tag = bi.found ? from_buildinfo(&e, &bi, a) : NULL;
        if (tag) {
                *ret_how = arena_strdup(a, "the build flags in .go.buildinfo");
        } else if (ro.found) {
                char *found[MAX_CANDIDATES + 1];
                size_t n = 0;
                if ((err = from_rodata(&e, &ro, a, found, &n)) < 0)
                        return err;
                if (n > 1) {
                        *ret_how = arena_printf(a, "different version stamps in .rodata: %s",
                                                str_join(a, found, n, ", "));
                        return -ENOTUNIQ;
                }
                if (n == 1) {
                        tag = found[0];
                        *ret_how = arena_strdup(a, "the linker's version stamp in .rodata");
                }
        }
        if (!tag)
                return -ENOENT;
        *ret_tag = tag;
        *ret_version = k8s_release_of_tag(tag, a);
        return 0;
}
