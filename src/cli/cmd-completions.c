/* cmd-completions: nodeaudit completions WHAT: the tables' lists, one word a line. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "defs/distribution.h"
#include "defs/profile.h"
#include "report/report.h"
#include "shared/strutil.h"

/* A command named on the command line, or scan (the default) when none is. */
static const struct cli_command *command_or_scan(const char *name)
{
        return cli_command_find(cli_commands(), name ? name : "scan");
}

static int list_commands(void)
{
        for (const struct cli_command *c = cli_commands(); c->name; c++)
                if (c->help)
                        puts(c->name);
        return EXIT_GATE_HELD;
}

static int list_subcommands(const struct cli_command *cmd)
{
        for (const struct cli_command *c = cmd->subcommands; c && c->name; c++)
                puts(c->name);
        return EXIT_GATE_HELD;
}

static int list_options(const struct cli_command *cmd)
{
        for (int i = 0; i < _CLI_OPT_MAX; i++)
                if ((cmd->options | CLI_OPT(VERSION) | CLI_OPT(HELP)) & CLI_OPT_BIT(i))
                        printf("--%s\n", cli_option(i)->name);
        return EXIT_GATE_HELD;
}

static int list_formats(const struct cli_command *cmd)
{
        if (cmd->formats)
                for (const char *const *f = cmd->formats; *f; f++)
                        puts(*f);
        else
                for (size_t i = 0; reporter_at(i); i++)
                        puts(reporter_at(i)->name);
        return EXIT_GATE_HELD;
}

static int list_kind(const struct cli_option *o)
{
        static const char *const kinds[] = {
                [CLI_VALUE_NONE] = "flag",          [CLI_VALUE_TEXT] = "text",
                [CLI_VALUE_FILE] = "file",          [CLI_VALUE_DIR] = "dir",
                [CLI_VALUE_WORDS] = "words",        [CLI_VALUE_FORMAT] = "words",
                [CLI_VALUE_PROFILE] = "words",      [CLI_VALUE_CHECK] = "words",
                [CLI_VALUE_DISTRIBUTION] = "words",
        };
        puts(kinds[o->value]);
        return EXIT_GATE_HELD;
}

static int list_profiles(struct arena *a)
{
        char **names;
        size_t n;
        puts("auto");
        if (profile_list(cli_profiles_dir(a), a, &names, &n) == 0)
                for (size_t i = 0; i < n; i++)
                        puts(names[i]);
        return EXIT_GATE_HELD;
}

static int list_checks(struct arena *a)
{
        struct catalog *cat;
        if (cli_load_catalog(a, false, &cat) < 0)
                return EXIT_USAGE;
        for (size_t i = 0; i < cat->n_checks; i++)
                puts(cat->checks[i]->id);
        return EXIT_GATE_HELD;
}

/* As --distribution takes them: the distributions' names, then none. */
static int list_distributions(struct arena *a)
{
        struct catalog *cat;
        struct distro **distros;
        size_t n;
        struct diag d = {0};
        if (cli_load_catalog(a, true, &cat) < 0)
                return EXIT_USAGE;
        if (distro_load_all(arena_printf(a, "%s/distributions", cli_profiles_dir(a)), cat, a,
                            &distros, &n, &d) < 0) {
                cli_print_diag(&d);
                return EXIT_USAGE;
        }
        for (size_t i = 0; i < n; i++)
                puts(distros[i]->name);
        puts("none");
        return EXIT_GATE_HELD;
}

static int list_values(struct arena *a, const struct cli_option *o, const struct cli_command *cmd)
{
        switch (o->value) {
        case CLI_VALUE_WORDS:
                for (const char *const *w = o->words; *w; w++)
                        puts(*w);
                return EXIT_GATE_HELD;
        case CLI_VALUE_FORMAT:
                return list_formats(cmd);
        case CLI_VALUE_PROFILE:
                return list_profiles(a);
        case CLI_VALUE_CHECK:
                return list_checks(a);
        case CLI_VALUE_DISTRIBUTION:
                return list_distributions(a);
        default:
                return EXIT_GATE_HELD;
        }
}

/* commands | subcommands COMMAND | options [COMMAND] | formats [COMMAND] |
 * kind OPTION | values OPTION [COMMAND] */
int cmd_completions(struct arena *a, char **operands, size_t n_operands)
{
        const char *what = n_operands > 0 ? operands[0] : "commands";
        const char *name = n_operands > 1 ? operands[1] : NULL;
        if (streq(what, "commands") && n_operands <= 1)
                return list_commands();
        if (streq(what, "kind") || streq(what, "values")) {
                const struct cli_option *o = cli_option(cli_option_from_string(name));
                const struct cli_command *cmd =
                        command_or_scan(n_operands > 2 ? operands[2] : NULL);
                if (!o || !cmd) {
                        cli_usage_error("completions %s needs an option (--NAME), then a command",
                                        what);
                        return EXIT_USAGE;
                }
                return streq(what, "kind") ? list_kind(o) : list_values(a, o, cmd);
        }
        const struct cli_command *cmd = command_or_scan(name);
        if (!cmd || n_operands > 2) {
                cli_usage_error("completions takes commands, subcommands, options, formats, kind "
                                "or values, then what it is about");
                return EXIT_USAGE;
        }
        if (streq(what, "subcommands"))
                return list_subcommands(cmd);
        if (streq(what, "options"))
                return list_options(cmd);
        if (streq(what, "formats"))
                return list_formats(cmd);
        cli_usage_error("completions takes commands, subcommands, options, formats, kind or "
                        "values, not \"%s\"",
                        what);
        return EXIT_USAGE;
}
