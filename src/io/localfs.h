/* localfs: the scanner's own files (definitions, waivers, allowlists, baselines), read as the caller may. */
#pragma once

#include <stddef.h>

struct arena;
struct diag;

/* PATH, at most MAX bytes; failure sets D to "PATH: why". */
int localfs_read(const char *path, size_t max, struct arena *a, char **ret, size_t *ret_len,
                 struct diag *d);
