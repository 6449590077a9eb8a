/* caller: opening what the caller names (definition directories, waivers,
 * reports, output files) with the caller's own rights when the program runs
 * with more (file capabilities, set-user-ID). */
#pragma once

#include <stdbool.h>

/* Whether this process holds rights its caller does not: a real user other
 * than root with a permitted capability, or an effective user or group other
 * than the real one. Decided once. */
bool caller_elevated(void);

/* Between caller_begin and caller_end, opens are checked as the real user
 * would be: the effective capabilities are cleared (they stay permitted) and
 * the file-system ids are the real ones. Nothing happens when the process is
 * not elevated. Nest-safe: calls count. */
void caller_begin(void);
void caller_end(void);
