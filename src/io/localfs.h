/* localfs: the scanner's own files (definitions, waivers, allowlists, baselines), read as the caller may. */
#pragma once

#include <stddef.h>

struct arena;
struct diag;

/* PATH, at most MAX bytes; failure sets D to "PATH: why". */
int localfs_read(const char *path, size_t max, struct arena *a, char **ret, size_t *ret_len,
                 struct diag *d);
/* Reads one of the scanner's own files (definitions, not node files): regular
 * files only, size-capped. */
int local_read_file(const char *path, size_t max, struct arena *a, char **ret_buf,
                    size_t *ret_len);
/* Regular files under DIR whose names end in SUFFIX, recursively (depth <= 8),
 * sorted by path. */
int local_find_files(const char *dir, const char *suffix, struct arena *a, char ***ret,
                     size_t *ret_n);
