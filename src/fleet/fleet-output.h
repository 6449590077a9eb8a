/* fleet-output: the merged view as text, nodeaudit/fleet-v1 JSON or an HTML page. */
#pragma once

#include <stdio.h>

struct fleet_summary;

void fleet_write_text(FILE *f, const struct fleet_summary *s);
void fleet_write_json(FILE *f, const struct fleet_summary *s);
void fleet_write_html(FILE *f, const struct fleet_summary *s);
/* One line a set-aside report, "NAME[:LINE[:COLUMN]]: REASON", escaped for a terminal. */
void fleet_write_aside(FILE *f, const struct fleet_summary *s, const char *prefix);
