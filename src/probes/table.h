/* table: the probes table.c lists (one object a probe file), and the lookup by id. */
#pragma once

#include "probes/probe.h"

/* The probe of ID (never NULL for a valid id). */
const struct probe_ops *probe_ops(enum probe_id id);
