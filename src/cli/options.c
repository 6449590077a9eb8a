/* options: the option table, getopt's array and the option lines of --help made from it. */
#include "cli/options.h"

#include <getopt.h>
#include <stdarg.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"
#include "report/report.h"
#include "security/caller.h"
#include "shared/k8s-version.h"
#include "shared/strutil.h"

const char *arg_root = "/";
const char *arg_proc;
const char *arg_profile = "auto";
const char *arg_format = "text";
const char *arg_checks_dir;
const char *arg_profiles_dir;
char **arg_only, **arg_skip;
size_t arg_n_only, arg_n_skip;
enum fail_on arg_fail_on = FAIL_ON_FAIL;
double arg_min_score = -1;
const char *arg_waivers;
const char *arg_allowlist;
long arg_level;
const char *arg_k8s_version;
const char *arg_distribution;
bool arg_no_color;
bool arg_quiet;
const char *arg_output;
int64_t arg_interval_ns;

int cli_usage_error(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        cli_say_v(fmt, ap);
        va_end(ap);
        fputs("Try 'nodeaudit --help'.\n", stderr);
        return -EINVAL;
}

static int parse_format(const char *v, struct arena *a)
{
        if (!reporter_find(v))
                return cli_usage_error("unknown format \"%s\"", v);
        arg_format = v;
        return 0;
}

/* Adds the comma-separated ids of one --check or --skip to a list. */
static void append_ids(struct arena *a, const char *value, char ***list, size_t *n)
{
        char **items;
        size_t k = str_split(a, value, ',', &items);
        char **all = arena_alloc(a, (*n + k + 1) * sizeof(char *));
        if (*n)
                memcpy(all, *list, *n * sizeof(char *));
        if (k)
                memcpy(all + *n, items, k * sizeof(char *));
        *list = all;
        *n += k;
}

static int parse_check(const char *v, struct arena *a)
{
        append_ids(a, v, &arg_only, &arg_n_only);
        return 0;
}

static int parse_skip(const char *v, struct arena *a)
{
        append_ids(a, v, &arg_skip, &arg_n_skip);
        return 0;
}

static int parse_fail_on(const char *v, struct arena *a)
{
        arg_fail_on = fail_on_from_string(v);
        if (arg_fail_on == _FAIL_ON_INVALID)
                return cli_usage_error("--fail-on takes fail, error or none, not \"%s\"", v);
        return 0;
}

static int parse_min_score(const char *v, struct arena *a)
{
        if (parse_double(v, &arg_min_score) < 0 || arg_min_score < 0 || arg_min_score > 100)
                return cli_usage_error("--min-score takes a number from 0 to 100, not \"%s\"", v);
        return 0;
}

static int parse_level(const char *v, struct arena *a)
{
        int64_t level;
        if (parse_int64(v, &level) < 0 || level < 1 || level > 2)
                return cli_usage_error("--level takes 1 or 2, not \"%s\"", v);
        arg_level = (long)level;
        return 0;
}

static int parse_k8s_version(const char *v, struct arena *a)
{
        const char *version = v[0] == 'v' ? v + 1 : v;
        if (!k8s_version_valid(version))
                return cli_usage_error(
                        "--k8s-version takes a version such as 1.32 or 1.32.4, not \"%s\"", v);
        arg_k8s_version = version;
        return 0;
}

static int parse_output(const char *v, struct arena *a)
{
        if (!*v)
                return cli_usage_error("--output needs a file name");
        arg_output = v;
        return 0;
}

static int parse_interval(const char *v, struct arena *a)
{
        if (parse_go_duration(v, &arg_interval_ns) < 0 || arg_interval_ns < 1000000000LL)
                return cli_usage_error(
                        "--interval takes a duration of at least 1s (30s, 10m, 1h), not \"%s\"", v);
        return 0;
}

/* Installed with file capabilities (or set-user-ID), the scanner would read a
 * tree an unprivileged caller names with rights that caller has not: only the
 * machine's own root and /proc are scanned for such a caller. */
static int parse_scanned_dir(const char *v, const char *option, const char *own)
{
        if (caller_elevated() && !streq(v, own))
                return cli_usage_error("--%s %s: running with capabilities its caller does not "
                                       "have, nodeaudit scans only %s for a user other than root",
                                       option, v, own);
        return 0;
}

static int parse_root(const char *v, struct arena *a)
{
        return parse_scanned_dir(v, "root", "/");
}

static int parse_proc(const char *v, struct arena *a)
{
        return parse_scanned_dir(v, "proc", "/proc");
}

static int show_version(const char *v, struct arena *a)
{
        printf("nodeaudit %s\n", NODEAUDIT_VERSION);
        return 0;
}

static int show_help(const char *v, struct arena *a)
{
        cli_help();
        return 0;
}

static const char *const fail_on_words[] = {"fail", "error", "none", NULL};
static const char *const level_words[] = {"1", "2", NULL};

static const struct cli_option options[_CLI_OPT_MAX] = {
        [CLI_OPT_ROOT] = {"root", "DIR", "scan the node whose root is mounted at DIR (default /)",
                          .value = CLI_VALUE_DIR, .string = &arg_root, .parse = parse_root},
        [CLI_OPT_PROC] = {"proc", "DIR", "process directory (default ROOT/proc)",
                          .value = CLI_VALUE_DIR, .string = &arg_proc, .parse = parse_proc},
        [CLI_OPT_PROFILE] = {"profile", "NAME|FILE",
                             "benchmark profile, or auto (default): control plane\n"
                             "when an API server runs, worker when a kubelet runs",
                             .value = CLI_VALUE_PROFILE, .string = &arg_profile},
        [CLI_OPT_FORMAT] = {"format", "FORMAT", " (default text)", .help_prefix = reporter_names,
                            .value = CLI_VALUE_FORMAT, .parse = parse_format},
        [CLI_OPT_CHECK] = {"check", "ID,...", "only these checks (slugs or benchmark numbers)",
                           .value = CLI_VALUE_CHECK, .parse = parse_check},
        [CLI_OPT_SKIP] = {"skip", "ID,...", "leave these checks out", .value = CLI_VALUE_CHECK,
                          .parse = parse_skip},
        [CLI_OPT_FAIL_ON] = {"fail-on", "WHAT",
                             "fail (default): scored fail or error trips the gate;\n"
                             "error: only errors; none: never",
                             .value = CLI_VALUE_WORDS, .words = fail_on_words,
                             .parse = parse_fail_on},
        [CLI_OPT_MIN_SCORE] = {"min-score", "N", "the gate also trips when the score is below N",
                               .value = CLI_VALUE_TEXT, .parse = parse_min_score},
        [CLI_OPT_LEVEL] = {"level", "1|2",
                           "CIS profile level: 1 leaves the Level 2 checks out,\n"
                           "2 (the default) runs both",
                           .value = CLI_VALUE_WORDS, .words = level_words, .parse = parse_level},
        [CLI_OPT_K8S_VERSION] = {"k8s-version", "X.Y",
                                 "the node's Kubernetes version, when what the node's\n"
                                 "files say (static pod image tags) is not wanted",
                                 .value = CLI_VALUE_TEXT, .parse = parse_k8s_version},
        [CLI_OPT_DISTRIBUTION] = {"distribution", "NAME",
                                  "the node's Kubernetes distribution (kubeadm, k3s, rke2,\n"
                                  "eks, gke, aks, microk8s), or none, when what the\n"
                                  "node's processes and files say is not wanted",
                                  .value = CLI_VALUE_DISTRIBUTION, .string = &arg_distribution},
        [CLI_OPT_WAIVERS] = {"waivers", "FILE",
                             "accepted exceptions: a matching fail is reported\n"
                             "waived (with its reason) until the waiver expires",
                             .value = CLI_VALUE_FILE, .string = &arg_waivers},
        [CLI_OPT_ALLOWLIST] = {"allowlist", "FILE",
                               "the processes the host may run (exe paths, argv[0]\n"
                               "globs, per role); others are reported (default on\n"
                               "kubeadm nodes: the shipped allowlists/kubeadm.yaml)",
                               .value = CLI_VALUE_FILE, .string = &arg_allowlist},
        [CLI_OPT_CHECKS_DIR] = {"checks-dir", "DIR",
                                "check definitions (default: the installed ones)",
                                .value = CLI_VALUE_DIR, .string = &arg_checks_dir},
        [CLI_OPT_PROFILES_DIR] = {"profiles-dir", "DIR", "profiles (default: the installed ones)",
                                  .value = CLI_VALUE_DIR, .string = &arg_profiles_dir},
        [CLI_OPT_OUTPUT] = {"output", "FILE",
                            "write the report to FILE (atomically: a temporary file,\n"
                            "then a rename), not to standard output",
                            .value = CLI_VALUE_FILE, .parse = parse_output},
        [CLI_OPT_QUIET] = {"quiet", NULL, "text report: failures and errors only",
                           .flag = &arg_quiet},
        [CLI_OPT_INTERVAL] = {"interval", "DURATION",
                              "scan again every DURATION (30s, 10m, 1h) and never exit;\n"
                              "for a DaemonSet whose log collects one report a scan",
                              .value = CLI_VALUE_TEXT, .parse = parse_interval},
        [CLI_OPT_NO_COLOR] = {"no-color", NULL, "no colour in the text report (also: NO_COLOR set)",
                              .flag = &arg_no_color},
        [CLI_OPT_VERSION] = {"version", NULL, "print the version and exit", .parse = show_version,
                             .stops = true},
        [CLI_OPT_HELP] = {"help", NULL, "print this help and exit", .parse = show_help,
                          .stops = true},
};

const struct cli_option *cli_option(enum cli_option_id id)
{
        return id >= 0 && id < _CLI_OPT_MAX ? &options[id] : NULL;
}

enum cli_option_id cli_option_from_string(const char *s)
{
        if (!s || strncmp(s, "--", 2) != 0)
                return _CLI_OPT_INVALID;
        for (size_t i = 0; i < _CLI_OPT_MAX; i++)
                if (streq(options[i].name, s + 2))
                        return (enum cli_option_id)i;
        return _CLI_OPT_INVALID;
}

/* getopt's values: above any character, so that ':' and '?' stay getopt's own. */
#define GETOPT_BASE 256

int cli_parse_options(int argc, char **argv, struct arena *a, bool *ret_done)
{
        struct option longopts[_CLI_OPT_MAX + 1] = {0};
        for (size_t i = 0; i < _CLI_OPT_MAX; i++)
                longopts[i] = (struct option){options[i].name,
                                              options[i].metavar ? required_argument : no_argument,
                                              NULL, GETOPT_BASE + (int)i};
        *ret_done = false;
        opterr = 0;
        int c;
        /* "+": the first operand ends the options; ":": a missing value is told apart. */
        while ((c = getopt_long(argc, argv, "+:", longopts, NULL)) >= 0) {
                if (c == ':')
                        return cli_usage_error("option %s needs a value", argv[optind - 1]);
                if (c < GETOPT_BASE || c >= GETOPT_BASE + _CLI_OPT_MAX)
                        return cli_usage_error("unknown option \"%s\"", argv[optind - 1]);
                const struct cli_option *o = &options[c - GETOPT_BASE];
                if (o->string)
                        *o->string = optarg;
                if (o->flag)
                        *o->flag = true;
                if (o->parse) {
                        int err = o->parse(optarg, a);
                        if (err < 0)
                                return err;
                }
                if (o->stops) {
                        *ret_done = true;
                        return 0;
                }
        }
        return 0;
}

void cli_options_help(FILE *f)
{
        for (size_t i = 0; i < _CLI_OPT_MAX; i++) {
                const struct cli_option *o = &options[i];
                char name[64];
                snprintf(name, sizeof(name), "--%s%s%s", o->name, o->metavar ? " " : "",
                         o->metavar ? o->metavar : "");
                fprintf(f, "  %-19s ", name);
                if (o->help_prefix)
                        fputs(o->help_prefix(), f);
                /* each line of the help in the second column */
                for (const char *line = o->help; line;) {
                        const char *nl = strchr(line, '\n');
                        int len = nl ? (int)(nl - line) : (int)strlen(line);
                        fprintf(f, "%.*s\n", len, line);
                        line = nl ? nl + 1 : NULL;
                        if (line)
                                fprintf(f, "%22s", "");
                }
        }
}
