/* units: the host's systemd units as systemd finds them. */
#pragma once

#include <stddef.h>

struct node;

/* The files systemd reads for UNIT, in the order it applies them: the unit
 * file from the first unit directory that has one, then the drop-ins
 * (UNIT.d/\*.conf, and TYPE.d/\*.conf for every unit of its type) sorted by
 * file name, a name in an earlier directory hiding the same name later on.
 * systemd is the host's: units live in the node root. */
void node_unit_files(struct node *node, const char *unit, char ***ret, size_t *ret_n);
