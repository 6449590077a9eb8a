/* output: a file written beside its target and renamed over it whole, or not at all. */
#pragma once

#include <stdio.h>
#include <sys/types.h>

struct output;

/* Creates a temporary file ".NAME.XXXXXX" beside PATH; the file becomes
 * PATH, with MODE, at output_commit(). Create it with the privileges that
 * will rename or remove it: whoever made the temporary can then also take it
 * away. */
int output_open(const char *path, mode_t mode, struct output **ret);
/* Where to write. */
FILE *output_file(const struct output *o);
/* Sets the mode, flushes, fsyncs, closes and renames the temporary over the
 * target. On any failure the temporary is removed. O is freed either way. */
int output_commit(struct output *o);
/* Closes and removes the temporary; O is freed (NULL: nothing to do). */
void output_discard(struct output *o);
