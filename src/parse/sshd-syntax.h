/* sshd: sshd_config read as OpenSSH reads it — Include expanded in place, Match blocks kept apart. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "io/rootfs.h"

#define SSHD_MAX_DEPTH 16

struct sshd_match {
        char *criteria; /* the text after "Match" */
        bool all;       /* "Match all": applies to every connection */
        char *file;
        unsigned line;
};

struct sshd_entry {
        char *keyword; /* lower-case */
        char **args;
        size_t n_args;
        char *file;
        unsigned line;
        int match; /* -1: global; else index into matches */
};

struct sshd_config {
        struct sshd_entry **entries;
        size_t n_entries, cap_entries;
        struct sshd_match **matches;
        size_t n_matches, cap_matches;
        char **files; /* every file read, the main one first */
        size_t n_files, cap_files;
        char **problems; /* "file:line: what sshd would refuse" */
        size_t n_problems, cap_problems;
};

/* Reads PATH (and what it includes) inside ROOT. -ENOENT when PATH does not
 * exist; other read errors of the main file are returned; problems inside
 * (unknown keywords, unreadable includes) are recorded, not fatal. */
int sshd_config_load(struct rootfs *root, const char *path, struct arena *a,
                     struct sshd_config **ret);
/* Parses one file's text as if read from FILE, with includes resolved in ROOT. */
int sshd_config_parse(struct rootfs *root, struct sshd_config *cfg, const char *file,
                      const char *text, size_t len, int depth, int match, struct arena *a);
/* Splits a line's arguments as OpenSSH's argv_split does: whitespace, double
 * quotes, backslash escapes, an unquoted # starting a word ends the line.
 * Returns -EINVAL on an unterminated quote. */
int sshd_split_args(const char *s, struct arena *a, char ***ret, size_t *ret_n);
bool sshd_keyword_known(const char *lower);
