/* strutil: checked number parsing, string buffers and small string helpers. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shared/arena.h"

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))

static inline bool streq(const char *a, const char *b)
{
        return a && b && __builtin_strcmp(a, b) == 0;
}

/* Whole-string decimal parse; -EINVAL on junk, -ERANGE on overflow. */
int parse_int64(const char *s, int64_t *ret);
int parse_uint64(const char *s, uint64_t *ret);
/* Parses a finite decimal number (integer or fraction). */
int parse_double(const char *s, double *ret);
/* Go's strconv.ParseBool: 1 t T TRUE true True 0 f F FALSE false False. */
int parse_go_bool(const char *s, bool *ret);
/* Go's time.ParseDuration, result in nanoseconds. */
int parse_go_duration(const char *s, int64_t *ret_ns);
/* An octal file mode such as 600 or 0644. */
int parse_mode(const char *s, unsigned *ret);
/* Formats nanoseconds as seconds ("14400", "0.5"). */
char *format_seconds(struct arena *a, int64_t ns);

/* Growable NUL-terminated byte buffer (malloc'd). */
struct strbuf {
        char *buf;
        size_t len, cap;
};
void strbuf_putn(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_free(struct strbuf *sb);

/* Splits on a separator, trimming spaces, dropping empty items; arena-owned. */
size_t str_split(struct arena *a, const char *s, char sep, char ***ret_items);
char *str_join(struct arena *a, char *const *items, size_t n, const char *sep);
bool str_in_list(const char *s, char *const *items, size_t n);
/* Glob match (fnmatch, no flags) */
bool str_glob(const char *pattern, const char *s);
/* FNV-1a of S, for the string-keyed hash tables. */
uint64_t str_hash(const char *s);
bool str_endswith(const char *s, const char *suffix);

/* Decodes standard base64 with padding (whitespace ignored); the result is
 * NUL-terminated. -EBADMSG when LEN bytes of IN are not base64. */
int str_base64_decode(struct arena *a, const char *in, size_t len, char **ret, size_t *ret_len);
