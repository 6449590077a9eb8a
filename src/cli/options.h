/* options: the one option table, and what is made of it: getopt's array, --help, completion. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct arena;

/* In --help order. */
enum cli_option_id {
        CLI_OPT_ROOT,
        CLI_OPT_PROC,
        CLI_OPT_PROFILE,
        CLI_OPT_FORMAT,
        CLI_OPT_CHECK,
        CLI_OPT_SKIP,
        CLI_OPT_FAIL_ON,
        CLI_OPT_MIN_SCORE,
        CLI_OPT_LEVEL,
        CLI_OPT_K8S_VERSION,
        CLI_OPT_DISTRIBUTION,
        CLI_OPT_WAIVERS,
        CLI_OPT_ALLOWLIST,
        CLI_OPT_CHECKS_DIR,
        CLI_OPT_PROFILES_DIR,
        CLI_OPT_OUTPUT,
        CLI_OPT_QUIET,
        CLI_OPT_INTERVAL,
        CLI_OPT_NO_COLOR,
        CLI_OPT_VERSION,
        CLI_OPT_HELP,
        _CLI_OPT_MAX,
        _CLI_OPT_INVALID = -EINVAL,
};

/* Sets of options, as a command's row lists those it uses: CLI_OPT(ROOT) | CLI_OPT(PROC). */
#define CLI_OPT_BIT(id) (UINT32_C(1) << (id))
#define CLI_OPT(name) CLI_OPT_BIT(CLI_OPT_##name)
#define CLI_OPTS_ALL (CLI_OPT_BIT(_CLI_OPT_MAX) - 1)

/* What an option's value is, for completion. */
enum cli_value {
        CLI_VALUE_NONE, /* a flag */
        CLI_VALUE_TEXT, /* a number, a version, a duration: nothing to offer */
        CLI_VALUE_FILE,
        CLI_VALUE_DIR,
        CLI_VALUE_WORDS,        /* one of .words */
        CLI_VALUE_FORMAT,       /* a report format */
        CLI_VALUE_PROFILE,      /* auto or an installed profile (or a file) */
        CLI_VALUE_CHECK,        /* check slugs (or benchmark numbers) */
        CLI_VALUE_DISTRIBUTION, /* a distribution, or none */
};

struct cli_option {
        const char *name;
        const char *metavar;              /* NULL: the option takes no value */
        const char *help;                 /* "\n" between lines */
        const char *(*help_prefix)(void); /* computed text the help starts with */
        enum cli_value value;
        const char *const *words; /* CLI_VALUE_WORDS: the values, NULL-terminated */
        /* What the option does: store its value, set a flag, or parse
         * (0, or -EINVAL having said why). */
        const char **string;
        bool *flag;
        int (*parse)(const char *value, struct arena *a);
        bool stops; /* --help, --version: done once it has run */
};

const struct cli_option *cli_option(enum cli_option_id id);
/* By "--name". */
enum cli_option_id cli_option_from_string(const char *s);

/* Parses the options at the start of ARGV (ARGV[0] is skipped, the first
 * operand stops it; optind tells where). Returns 0, or -EINVAL having said
 * why; *RET_DONE when --help or --version has done the whole job. */
int cli_parse_options(int argc, char **argv, struct arena *a, bool *ret_done);
/* The option lines of --help. */
void cli_options_help(FILE *f);
/* "nodeaudit: MESSAGE" and the pointer to --help on stderr; returns -EINVAL. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
