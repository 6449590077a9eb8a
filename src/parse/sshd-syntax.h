/* sshd: sshd_config read as OpenSSH reads it — Include expanded in place, Match blocks kept apart. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define SSHD_MAX_DEPTH 16
#define SSHD_MAX_READS 256 /* files read through Include, in all */

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
        size_t n_reads; /* files read through Include */
        char *limit;    /* a limit stopped the reading: why (the model is incomplete) */
};

/* What an Include line does: the parser hands its arguments here. */
struct sshd_includer {
        void (*include)(const struct sshd_includer *inc, struct sshd_config *cfg, const char *file,
                        unsigned line, char **args, size_t n, int depth, int match, struct arena *a);
        void *ctx;
};

/* Parses one file's text as if read from FILE (no I/O: Include lines go to
 * INC, or are passed over when INC is NULL). */
int sshd_config_parse(struct sshd_config *cfg, const char *file, const char *text, size_t len,
                      int depth, int match, const struct sshd_includer *inc, struct arena *a);
/* FILE:LINE: something sshd would refuse. */
void sshd_config_problem(struct sshd_config *cfg, struct arena *a, const char *file, unsigned line,
                         const char *what);
/* Records PATH as read (once). */
void sshd_config_add_file(struct sshd_config *cfg, struct arena *a, const char *path);
/* Splits a line's arguments as OpenSSH's argv_split does: whitespace, double
 * quotes, backslash escapes, an unquoted # starting a word ends the line.
 * Returns -EINVAL on an unterminated quote. */
int sshd_split_args(const char *s, struct arena *a, char ***ret, size_t *ret_n);
bool sshd_keyword_known(const char *lower);
