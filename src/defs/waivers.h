/* waivers: accepted exceptions. A waiver names a check (id or benchmark
 * number), why it is accepted, until when, and optionally which nodes (a
 * hostname glob). It turns a matching fail into `waived` until its expiry
 * date (inclusive, UTC); after that the fail stands and the report says the
 * waiver expired. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shared/diag.h"

struct arena;

struct waiver {
        char *check;   /* check id or benchmark number */
        char *reason;
        char *expires; /* YYYY-MM-DD as written */
        int expires_on; /* yyyymmdd, for comparison */
        char *nodes;   /* hostname glob, or NULL for every node */
        char *file;
        unsigned line;
};

struct waivers {
        struct waiver *items;
        size_t n;
};

/* Loads a waivers file: a map with one key, "waivers", a list of maps with
 * check, reason, expires (all required) and nodes. Errors name file:line. */
int waivers_load(const char *path, struct arena *a, struct waivers **ret, struct diag *d);
int waivers_parse(const char *text, size_t len, const char *file, struct arena *a,
                  struct waivers **ret, struct diag *d);
/* A date YYYY-MM-DD that exists, as yyyymmdd; -EINVAL otherwise. */
int waiver_date(const char *s, int *ret);
/* Today in UTC as yyyymmdd. */
int waiver_today(void);
