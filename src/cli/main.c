/* main: the command table and its dispatch; the only place that exits. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "config.h"
#include "defs/catalog.h"
#include "report/escape.h"
#include "shared/diag.h"
#include "shared/arena.h"
#include "shared/strutil.h"

static const char *const diff_formats[] = {"text", "json", NULL};
static const char *const merge_formats[] = {"text", "json", "html", NULL};

static const struct cli_command baseline_commands[] = {
        {
                .name = "save",
                .run = cmd_baseline_save,
                .min_operands = 1,
                .max_operands = 1,
                .needs = "a file",
                .options_after_operands = true,
        },
        {
                .name = "diff",
                .run = cmd_baseline_diff,
                .min_operands = 1,
                .max_operands = 1,
                .needs = "a file",
                .options_after_operands = true,
        },
        {},
};

static const struct cli_command commands[] = {
        {
                .name = "scan",
                .run = cmd_scan,
                .help = "scan the node against a profile (the default command)",
                .usage = "[scan] [OPTIONS]",
                .options = CLI_OPTS_ALL,
        },
        {
                .name = "list",
                .run = cmd_list,
                .help = "print the checks of a profile, or every check, one a line",
                .usage = "list [--profile NAME]",
                .options = CLI_OPT(PROFILE) | CLI_OPT(CHECKS_DIR) | CLI_OPT(PROFILES_DIR),
        },
        {
                .name = "explain",
                .run = cmd_explain,
                .help = "what a check reads, expects and how to remediate it",
                .usage = "explain ID",
                .min_operands = 1,
                .max_operands = 1,
                .needs = "a check id",
                .options = CLI_OPT(CHECKS_DIR) | CLI_OPT(PROFILES_DIR),
        },
        {
                .name = "profiles",
                .run = cmd_profiles,
                .help = "print the installed profiles: name, role and title",
                .usage = "profiles",
                .options = CLI_OPT(CHECKS_DIR) | CLI_OPT(PROFILES_DIR),
        },
        {
                .name = "merge",
                .run = cmd_merge,
                .help = "a fleet summary of many nodes' JSON reports",
                .usage = "merge [--format text|json|html] REPORT.json|DIR|- ...",
                .min_operands = 1,
                .max_operands = CLI_OPERANDS_ANY,
                .needs = "reports: files, directories or - for standard input",
                .formats = merge_formats,
                .options = CLI_OPT(FORMAT),
        },
        {
                .name = "baseline",
                .help = "record the node's critical files, or what changed since",
                .usage = "baseline save|diff FILE [OPTIONS]",
                .needs = "save or diff, then a file",
                .formats = diff_formats,
                .options = CLI_OPT(ROOT) | CLI_OPT(PROC) | CLI_OPT(CHECKS_DIR) | CLI_OPT(FORMAT) |
                           CLI_OPT(FAIL_ON) | CLI_OPT(QUIET),
                .subcommands = baseline_commands,
        },
        {
                /* Hidden: the lists bash completion offers, from these tables */
                .name = "completions",
                .run = cmd_completions,
                .usage = "completions [WHAT [NAME [COMMAND]]]",
                .max_operands = 3,
                .options = CLI_OPT(CHECKS_DIR) | CLI_OPT(PROFILES_DIR),
        },
        {},
};

const struct cli_command *cli_commands(void)
{
        return commands;
}

const struct cli_command *cli_command_find(const struct cli_command *table, const char *name)
{
        for (; table->name; table++)
                if (streq(table->name, name))
                        return table;
        return NULL;
}

void cli_help(void)
{
        for (const struct cli_command *c = commands; c->name; c++)
                if (c->help)
                        printf("%s nodeaudit %s\n", c == commands ? "Usage:" : "      ", c->usage);
        printf("\n"
               "Audits this Kubernetes node against a CIS benchmark profile, reading files\n"
               "and /proc only.\n"
               "\n"
               "Commands:\n");
        for (const struct cli_command *c = commands; c->name; c++)
                if (c->help)
                        printf("  %-19s %s\n", c->name, c->help);
        printf("\nOptions:\n");
        cli_options_help(stdout);
        printf("\n"
               "Exit status: 0 the gate held, 1 the gate tripped, 2 usage or definition\n"
               "error, 3 the scan could not run.\n");
}

void cli_say_v(const char *fmt, va_list ap)
{
        char *msg = NULL;
        fputs("nodeaudit: ", stderr);
        if (vasprintf(&msg, fmt, ap) >= 0)
                escape_text(stderr, msg); /* node paths and report text reach a terminal */
        free(msg);
        fputc('\n', stderr);
}

void cli_say(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        cli_say_v(fmt, ap);
        va_end(ap);
}

void cli_print_diag(const struct diag *d)
{
        char buf[1200];
        diag_format(d, buf, sizeof(buf));
        cli_say("%s", buf);
}

/* The source tree's data when running from the build directory, else the installed data. */
static const char *data_dir(struct arena *a, const char *what)
{
        char exe[4096];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
        if (n > 0) {
                exe[n] = '\0';
                char *slash = strrchr(exe, '/');
                if (slash) {
                        *slash = '\0';
                        if (streq(exe, NODEAUDIT_BUILD_DIR))
                                return arena_printf(a, "%s/%s", NODEAUDIT_SOURCE_DIR, what);
                }
        }
        return arena_printf(a, "%s/%s", NODEAUDIT_DATADIR, what);
}

const char *cli_checks_dir(struct arena *a)
{
        return arg_checks_dir ? arg_checks_dir : data_dir(a, "checks");
}

const char *cli_profiles_dir(struct arena *a)
{
        return arg_profiles_dir ? arg_profiles_dir : data_dir(a, "profiles");
}

int cli_load_catalog(struct arena *a, bool lazy, struct catalog **ret)
{
        struct diag d = {0};
        int err = (lazy ? catalog_open : catalog_load)(cli_checks_dir(a), a, ret, &d);
        if (err < 0) {
                cli_print_diag(&d);
                return -EINVAL;
        }
        return 0;
}

static bool writes(const struct cli_command *cmd, const char *format)
{
        for (const char *const *f = cmd->formats; *f; f++)
                if (streq(*f, format))
                        return true;
        return false;
}

/* "text or json", "text, json or html" */
static char *formats_text(struct arena *a, const char *const *formats)
{
        size_t n = 0;
        while (formats[n])
                n++;
        char *head = str_join(a, (char *const *)formats, n - 1, ", ");
        return n > 1 ? arena_printf(a, "%s or %s", head, formats[n - 1]) : head;
}

/* The operands of CMD from ARGV[REST] on, options after them parsed where
 * CMD allows. Returns -EINVAL having said what is wrong; *RET_DONE when an
 * option (--help) did the whole job. */
static int take_operands(const struct cli_command *cmd, const char *display, int argc, char **argv,
                         int rest, struct arena *a, size_t *ret_n, bool *ret_done)
{
        size_t n = (size_t)(argc - rest);
        if (n < cmd->min_operands)
                return cli_usage_error("%s needs %s", display, cmd->needs);
        if (n > cmd->max_operands && cmd->options_after_operands && cmd->max_operands > 0) {
                /* the last operand stands for argv[0] of a second parse */
                int last = rest + (int)cmd->max_operands - 1;
                optind = 0;
                int err = cli_parse_options(argc - last, argv + last, a, ret_done);
                if (err < 0 || *ret_done)
                        return err;
                if (last + optind < argc)
                        return cli_usage_error("unexpected argument \"%s\"", argv[last + optind]);
                n = cmd->max_operands;
        } else if (n > cmd->max_operands) {
                return cli_usage_error("unexpected argument \"%s\"",
                                       argv[rest + cmd->max_operands]);
        }
        *ret_n = n;
        return 0;
}

int main(int argc, char **argv)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *name = "scan";
        int first = 1;
        if (argc > 1 && argv[1][0] != '-') {
                name = argv[1];
                first = 2;
        }
        const struct cli_command *top = cli_command_find(commands, name), *cmd = top;
        const char *display = name;
        if (top && top->subcommands) {
                cmd = first < argc ? cli_command_find(top->subcommands, argv[first]) : NULL;
                if (!cmd) {
                        cli_usage_error("%s needs %s", top->name, top->needs);
                        return EXIT_USAGE;
                }
                display = arena_printf(a, "%s %s", top->name, cmd->name);
                first++;
        }
        /* getopt permutes nothing ("+"): options follow the command, operands after. */
        bool done;
        if (cli_parse_options(argc - first + 1, argv + first - 1, a, &done) < 0)
                return EXIT_USAGE;
        if (done)
                return EXIT_GATE_HELD;
        int rest = first - 1 + optind;
        if (!cmd) {
                /* a stray operand is named before the unknown command, as it always was */
                if (rest < argc)
                        cli_usage_error("unexpected argument \"%s\"", argv[rest]);
                else
                        cli_usage_error("unknown command \"%s\"", name);
                return EXIT_USAGE;
        }
        size_t n = 0;
        if (take_operands(cmd, display, argc, argv, rest, a, &n, &done) < 0)
                return EXIT_USAGE;
        if (done)
                return EXIT_GATE_HELD;
        if (top->formats && !writes(top, arg_format)) {
                cli_usage_error("%s writes %s, not %s", top->name, formats_text(a, top->formats),
                                arg_format);
                return EXIT_USAGE;
        }
        return cmd->run(a, argv + rest, n);
}
