/* fleet: many nodes' nodeaudit/v1 reports merged into one view — scores, and who fails what. */
#pragma once

#include <stdio.h>

#include "shared/diag.h"
#include "shared/arena.h"

struct fleet;

struct fleet *fleet_new(struct arena *a);
/* Adds one report (JSON text). NAME names it in errors ("file", "stdin:12"). The
 * latest report of a hostname replaces an earlier one. */
int fleet_add(struct fleet *fl, const char *text, size_t len, const char *name, struct diag *d);
size_t fleet_nodes(const struct fleet *fl);
void fleet_write_text(FILE *f, const struct fleet *fl);
void fleet_write_json(FILE *f, const struct fleet *fl);
void fleet_write_html(FILE *f, const struct fleet *fl);
