/* cli: what the commands share: the parsed options, the exit statuses, the command table. */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/score.h" /* enum fail_on */

struct arena;
struct catalog;
struct diag;

/* The process's exit status: what every command returns. */
enum {
        EXIT_GATE_HELD = 0,
        EXIT_FINDINGS = 1,
        EXIT_USAGE = 2,
        EXIT_CANNOT_SCAN = 3,
};

/* The options as parsed (filled by options.c). */
extern const char *arg_root;
extern const char *arg_proc;
extern const char *arg_profile;
extern const char *arg_format;
extern const char *arg_checks_dir;
extern const char *arg_profiles_dir;
extern char **arg_only, **arg_skip;
extern size_t arg_n_only, arg_n_skip;
extern enum fail_on arg_fail_on;
extern double arg_min_score; /* < 0: none */
extern const char *arg_waivers;
extern const char *arg_allowlist;
extern long arg_level; /* 0: every level */
extern const char *arg_k8s_version;
extern const char *arg_distribution;
extern bool arg_no_color;
extern bool arg_quiet;
extern const char *arg_output;
extern int64_t arg_interval_ns;

/* A command runs with its operands, the options being parsed, and returns the exit status. */
typedef int cli_run_t(struct arena *a, char **operands, size_t n_operands);

#define CLI_OPERANDS_ANY ((unsigned)-1)

/* One row of the command table (main.c). A hidden command has no help. */
struct cli_command {
        const char *name;
        cli_run_t *run;
        const char *help;  /* one line for --help; NULL: a hidden command */
        const char *usage; /* its synopsis after "nodeaudit ", for --help */
        unsigned min_operands, max_operands;
        const char *needs;           /* what is missing below min_operands: "NAME needs ..." */
        bool options_after_operands; /* options may also follow the last operand */
        /* Of a top-level command, for all its subcommands: */
        const char *const *formats; /* the --format values it takes; NULL: every report's */
        uint32_t options;           /* CLI_OPT() of the options it uses, beyond --help, --version */
        const struct cli_command *subcommands; /* the first operand picks one (name NULL ends) */
};

/* main.c */
/* The top-level commands, in --help order; a row with a NULL name ends the table. */
const struct cli_command *cli_commands(void);
/* A command by name in TABLE (the top-level one, or a command's subcommands). */
const struct cli_command *cli_command_find(const struct cli_command *table, const char *name);
void cli_help(void);
void cli_print_diag(const struct diag *d);
/* "nodeaudit: MESSAGE" on stderr, MESSAGE escaped for a terminal (it may hold
 * a node's file names or a report's text). */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_say_v(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* --checks-dir and --profiles-dir, or the data beside the build or installed. */
const char *cli_checks_dir(struct arena *a);
const char *cli_profiles_dir(struct arena *a);
/* The check catalog: LAZY parses a check file when a profile first needs it.
 * Returns -EINVAL when it is broken, having said where. */
int cli_load_catalog(struct arena *a, bool lazy, struct catalog **ret);

/* The commands, one file each (cmd-NAME.c). */
int cmd_scan(struct arena *a, char **operands, size_t n_operands);
int cmd_list(struct arena *a, char **operands, size_t n_operands);
int cmd_explain(struct arena *a, char **operands, size_t n_operands);
int cmd_profiles(struct arena *a, char **operands, size_t n_operands);
int cmd_merge(struct arena *a, char **operands, size_t n_operands);
int cmd_baseline_save(struct arena *a, char **operands, size_t n_operands);
int cmd_baseline_diff(struct arena *a, char **operands, size_t n_operands);
int cmd_completions(struct arena *a, char **operands, size_t n_operands);
