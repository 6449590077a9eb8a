/* main: option parsing, data directory lookup, commands; the only place that exits. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "cli/output.h"
#include "engine/distro.h"
#include "engine/scan.h"
#include "engine/select.h"
#include "engine/allowlist.h"
#include "engine/baseline.h"
#include "engine/waivers.h"
#include "report/fleet.h"
#include "report/report.h"
#include "security/privileges.h"
#include "shared/strutil.h"

enum {
        EXIT_GATE_HELD = 0,
        EXIT_FINDINGS = 1,
        EXIT_USAGE = 2,
        EXIT_CANNOT_SCAN = 3,
};

static const char *arg_root = "/";
static const char *arg_proc;
static const char *arg_profile = "auto";
static const char *arg_format = "text";
static const char *arg_checks_dir;
static const char *arg_profiles_dir;
static char **arg_only, **arg_skip;
static size_t arg_n_only, arg_n_skip;
static enum fail_on arg_fail_on = FAIL_ON_FAIL;
static double arg_min_score = -1;
static const char *arg_waivers;
static const char *arg_allowlist;
static struct allowlist *allowlist;
static long arg_level; /* 0: every level */
static const char *arg_k8s_version;
static const char *arg_distribution;
static struct waivers *waivers;
static bool arg_no_color;
static bool arg_quiet;
static const char *arg_output;
static int64_t arg_interval_ns;

static void help(void)
{
        printf("Usage: nodeaudit [scan] [OPTIONS]\n"
               "       nodeaudit list [--profile NAME]\n"
               "       nodeaudit explain ID\n"
               "       nodeaudit profiles\n"
               "       nodeaudit merge [--format text|json|html] REPORT.json|DIR|- ...\n"
               "\n"
               "Audits this Kubernetes node against a CIS benchmark profile, reading files\n"
               "and /proc only.\n"
               "\n"
               "  --root DIR          scan the node whose root is mounted at DIR (default /)\n"
               "  --proc DIR          process directory (default ROOT/proc)\n"
               "  --profile NAME|FILE benchmark profile, or auto (default): control plane\n"
               "                      when an API server runs, worker when a kubelet runs\n"
               "  --format FORMAT     %s (default text)\n"
               "  --check ID,...      only these checks (slugs or benchmark numbers)\n"
               "  --skip ID,...       leave these checks out\n"
               "  --fail-on WHAT      fail (default): scored fail or error trips the gate;\n"
               "                      error: only errors; none: never\n"
               "  --min-score N       the gate also trips when the score is below N\n"
               "  --level 1|2         CIS profile level: 1 leaves the Level 2 checks out,\n"
               "                      2 (the default) runs both\n"
               "  --k8s-version X.Y   the node's Kubernetes version, when what the node's\n"
               "                      files say (static pod image tags) is not wanted\n"
               "  --distribution NAME the node's Kubernetes distribution (kubeadm, k3s, rke2,\n"
               "                      eks, gke, aks, microk8s), or none, when what the\n"
               "                      node's processes and files say is not wanted\n"
               "  --waivers FILE      accepted exceptions: a matching fail is reported\n"
               "                      waived (with its reason) until the waiver expires\n"
               "  --allowlist FILE    the processes the host may run (exe paths, argv[0]\n"
               "                      globs, per role); others are reported (default on\n"
               "                      kubeadm nodes: the shipped allowlists/kubeadm.yaml)\n"
               "  --checks-dir DIR    check definitions (default: the installed ones)\n"
               "  --profiles-dir DIR  profiles (default: the installed ones)\n"
               "  --output FILE       write the report to FILE (atomically: a temporary file,\n"
               "                      then a rename), not to standard output\n"
               "  --quiet             text report: failures and errors only\n"
               "  --interval DURATION scan again every DURATION (30s, 10m, 1h) and never exit;\n"
               "                      for a DaemonSet whose log collects one report a scan\n"
               "  --no-color          no colour in the text report (also: NO_COLOR set)\n"
               "  --version           print the version and exit\n"
               "  --help              print this help and exit\n"
               "\n"
               "Exit status: 0 the gate held, 1 the gate tripped, 2 usage or definition\n"
               "error, 3 the scan could not run.\n",
               reporter_names());
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        fputs("nodeaudit: ", stderr);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputs("\nTry 'nodeaudit --help'.\n", stderr);
        return EXIT_USAGE;
}

static void print_diag(const struct diag *d)
{
        char buf[1200];
        diag_format(d, buf, sizeof(buf));
        fprintf(stderr, "nodeaudit: %s\n", buf);
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

static int parse_options(int argc, char **argv, struct arena *a)
{
        enum {
                OPT_ROOT = 256, OPT_PROC, OPT_PROFILE, OPT_FORMAT, OPT_CHECK, OPT_SKIP,
                OPT_FAIL_ON, OPT_MIN_SCORE, OPT_CHECKS_DIR, OPT_PROFILES_DIR, OPT_NO_COLOR,
                OPT_VERSION, OPT_HELP, OPT_OUTPUT, OPT_QUIET, OPT_INTERVAL, OPT_WAIVERS, OPT_LEVEL, OPT_K8S_VERSION,
                OPT_DISTRIBUTION, OPT_ALLOWLIST,
        };
        static const struct option options[] = {
                {"root", required_argument, NULL, OPT_ROOT},
                {"proc", required_argument, NULL, OPT_PROC},
                {"profile", required_argument, NULL, OPT_PROFILE},
                {"format", required_argument, NULL, OPT_FORMAT},
                {"check", required_argument, NULL, OPT_CHECK},
                {"skip", required_argument, NULL, OPT_SKIP},
                {"fail-on", required_argument, NULL, OPT_FAIL_ON},
                {"min-score", required_argument, NULL, OPT_MIN_SCORE},
                {"checks-dir", required_argument, NULL, OPT_CHECKS_DIR},
                {"profiles-dir", required_argument, NULL, OPT_PROFILES_DIR},
                {"no-color", no_argument, NULL, OPT_NO_COLOR},
                {"output", required_argument, NULL, OPT_OUTPUT},
                {"quiet", no_argument, NULL, OPT_QUIET},
                {"interval", required_argument, NULL, OPT_INTERVAL},
                {"waivers", required_argument, NULL, OPT_WAIVERS},
                {"allowlist", required_argument, NULL, OPT_ALLOWLIST},
                {"level", required_argument, NULL, OPT_LEVEL},
                {"k8s-version", required_argument, NULL, OPT_K8S_VERSION},
                {"distribution", required_argument, NULL, OPT_DISTRIBUTION},
                {"version", no_argument, NULL, OPT_VERSION},
                {"help", no_argument, NULL, OPT_HELP},
                {},
        };
        int c;
        opterr = 0;
        while ((c = getopt_long(argc, argv, "+:", options, NULL)) >= 0) {
                switch (c) {
                case OPT_ROOT: arg_root = optarg; break;
                case OPT_PROC: arg_proc = optarg; break;
                case OPT_PROFILE: arg_profile = optarg; break;
                case OPT_FORMAT:
                        if (!reporter_find(optarg))
                                return usage_error("unknown format \"%s\"", optarg);
                        arg_format = optarg;
                        break;
                case OPT_CHECK:
                        append_ids(a, optarg, &arg_only, &arg_n_only);
                        break;
                case OPT_SKIP:
                        append_ids(a, optarg, &arg_skip, &arg_n_skip);
                        break;
                case OPT_FAIL_ON:
                        arg_fail_on = fail_on_from_string(optarg);
                        if (arg_fail_on == _FAIL_ON_INVALID)
                                return usage_error("--fail-on takes fail, error or none, not \"%s\"",
                                                   optarg);
                        break;
                case OPT_MIN_SCORE:
                        if (parse_double(optarg, &arg_min_score) < 0 || arg_min_score < 0 ||
                            arg_min_score > 100)
                                return usage_error("--min-score takes a number from 0 to 100, not \"%s\"",
                                                   optarg);
                        break;
                case OPT_CHECKS_DIR: arg_checks_dir = optarg; break;
                case OPT_PROFILES_DIR: arg_profiles_dir = optarg; break;
                case OPT_NO_COLOR: arg_no_color = true; break;
                case OPT_OUTPUT:
                        if (!*optarg)
                                return usage_error("--output needs a file name");
                        arg_output = optarg;
                        break;
                case OPT_QUIET: arg_quiet = true; break;
                case OPT_WAIVERS: arg_waivers = optarg; break;
                case OPT_ALLOWLIST: arg_allowlist = optarg; break;
                case OPT_K8S_VERSION:
                        if (!scan_valid_k8s_version(optarg[0] == 'v' ? optarg + 1 : optarg))
                                return usage_error("--k8s-version takes a version such as 1.32 or 1.32.4, not \"%s\"",
                                                   optarg);
                        arg_k8s_version = optarg[0] == 'v' ? optarg + 1 : optarg;
                        break;
                case OPT_DISTRIBUTION: arg_distribution = optarg; break;
                case OPT_LEVEL: {
                        int64_t v;
                        if (parse_int64(optarg, &v) < 0 || v < 1 || v > 2)
                                return usage_error("--level takes 1 or 2, not \"%s\"", optarg);
                        arg_level = (long)v;
                        break;
                }
                case OPT_INTERVAL:
                        if (parse_go_duration(optarg, &arg_interval_ns) < 0 || arg_interval_ns < 1000000000LL)
                                return usage_error("--interval takes a duration of at least 1s (30s, 10m, 1h), not \"%s\"",
                                                   optarg);
                        break;
                case OPT_VERSION:
                        printf("nodeaudit %s\n", NODEAUDIT_VERSION);
                        return -1;
                case OPT_HELP:
                        help();
                        return -1;
                case ':':
                        return usage_error("option %s needs a value", argv[optind - 1]);
                default:
                        return usage_error("unknown option \"%s\"", argv[optind - 1]);
                }
        }
        return 0;
}

struct ctx {
        struct arena *a;
        struct catalog *cat;
        const char *profiles_dir;
        struct select_cache *profiles; /* each profile parsed once */
};

static int cmd_profiles(struct ctx *c)
{
        char **names = NULL;
        size_t n = 0;
        int err = profile_list(c->profiles_dir, c->a, &names, &n);
        if (err < 0) {
                fprintf(stderr, "nodeaudit: cannot read \"%s\": %s\n", c->profiles_dir,
                        strerror(-err));
                return EXIT_USAGE;
        }
        for (size_t i = 0; i < n; i++) {
                struct profile *p;
                struct diag d = {0};
                if (profile_load(c->profiles_dir, names[i], c->cat, c->a, &p, &d) < 0) {
                        print_diag(&d);
                        return EXIT_USAGE;
                }
                printf("%-28s %-14s %s\n", p->name, p->role, p->title);
        }
        return EXIT_GATE_HELD;
}

static int cmd_list(struct ctx *c)
{
        if (streq(arg_profile, "auto")) {
                for (size_t i = 0; i < c->cat->n_checks; i++)
                        printf("%-40s %s\n", c->cat->checks[i]->id, c->cat->checks[i]->title);
                return EXIT_GATE_HELD;
        }
        struct profile *p;
        struct diag d = {0};
        if (select_cache_load(c->profiles, arg_profile, &p, &d) < 0) {
                print_diag(&d);
                return EXIT_USAGE;
        }
        for (size_t i = 0; i < p->n_entries; i++) {
                const struct profile_entry *e = p->entries[i];
                printf("%-8s %-40s L%d %-10s %s\n", e->number, e->check->id, e->level,
                       e->scored ? "scored" : "not-scored", e->check->title);
        }
        return EXIT_GATE_HELD;
}

static void explain_setting(const struct setting_spec *s)
{
        printf("  setting:     %s (%s)\n", s->name, value_type_to_string(s->type));
        if (s->flag)
                printf("  flag:        --%s%s%s\n", s->flag, s->flag_key ? " key " : "",
                       s->flag_key ? s->flag_key : "");
        if (s->in_config)
                printf("  config key:  %s\n", s->name);
        if (s->def)
                printf("  default:     %s (with a config file)\n", s->def);
        if (s->legacy_def)
                printf("  default:     %s (flags only)\n", s->legacy_def);
        if (!s->def && !s->legacy_def)
                printf("  default:     none\n");
}

static int cmd_explain(struct ctx *c, const char *id)
{
        const struct check *chk = catalog_find(c->cat, id);
        char **names;
        size_t n = 0;
        profile_list(c->profiles_dir, c->a, &names, &n);
        struct strbuf in = {0};
        for (size_t i = 0; i < n; i++) {
                struct profile *p;
                struct diag d = {0};
                if (profile_load(c->profiles_dir, names[i], c->cat, c->a, &p, &d) < 0)
                        continue;
                const struct profile_entry *e = profile_find(p, id);
                if (!e)
                        continue;
                if (!chk)
                        chk = e->check;
                if (e->check == chk)
                        strbuf_printf(&in, "  %s %s, level %d, %s\n", p->name, e->number, e->level,
                                      e->scored ? "scored" : "not scored");
        }
        if (!chk) {
                strbuf_free(&in);
                return usage_error("no check \"%s\" (see: nodeaudit list)", id);
        }
        printf("%s: %s\n\n%s\n\n", chk->id, chk->title, chk->description);
        printf("How it is probed:\n  probe:       %s\n", probe_to_string(chk->probe));
        if (chk->component)
                printf("  component:   %s\n", chk->component->name);
        for (size_t i = 0; i < chk->n_settings; i++)
                explain_setting(chk->settings[i]);
        if (chk->target == TARGET_CONFIG_FILE && chk->component)
                printf("  file:        the --%s file of %s\n", chk->component->config_flag,
                       chk->component->name);
        if (chk->target == TARGET_UNIT)
                printf("  files:       %s and its drop-ins\n", chk->unit);
        for (size_t i = 0; i < chk->n_paths; i++)
                printf("  file:        %s\n", chk->paths[i]);
        if (chk->probe != PROBE_MANUAL) {
                struct arena *a = c->a;
                printf("  expected:    %s (operator %s)\n",
                       op_describe(chk->op, chk->expected, chk->n_expected, a),
                       op_to_string(chk->op));
        }
        printf("\nRemediation:\n  %s\n", chk->remediation);
        if (in.len)
                printf("\nIn profiles:\n%s", in.buf);
        strbuf_free(&in);
        return EXIT_GATE_HELD;
}

static int scan_and_report(struct ctx *c, struct scan_env *env, const struct profile *p,
                           const struct privileges *priv)
{
        FILE *out = stdout;
        struct output *o = NULL;
        int err;
        if (arg_output) {
                if ((err = output_open(arg_output, 0644, &o)) < 0) {
                        fprintf(stderr, "nodeaudit: cannot write beside \"%s\": %s\n", arg_output,
                                strerror(-err));
                        return EXIT_CANNOT_SCAN;
                }
                out = output_file(o);
        }
        struct scan *s;
        scan_run(env, p, arg_only, arg_n_only, arg_skip, arg_n_skip, &s);
        waivers_apply(waivers, s, s->node.hostname, waiver_today());
        s->node.uid = priv->uid;
        s->node.capabilities = priv->capabilities;
        s->node.no_new_privs = priv->no_new_privs;
        struct report_options ro = {
                .color = !arg_output && !arg_no_color && !getenv("NO_COLOR") && isatty(STDOUT_FILENO),
                .quiet = arg_quiet,
                .tool_version = NODEAUDIT_VERSION,
        };
        err = report_write(reporter_find(arg_format), out, s, &ro);
        if (err < 0)
                output_discard(o);
        else if (o)
                err = output_commit(o);
        if (err < 0) {
                fprintf(stderr, "nodeaudit: cannot write the report%s%s: %s\n", arg_output ? " to " : "",
                        arg_output ? arg_output : "", strerror(-err));
                return EXIT_CANNOT_SCAN;
        }
        return scan_gate_tripped(s, arg_fail_on, arg_min_score) ? EXIT_FINDINGS : EXIT_GATE_HELD;
}

#define MERGE_MAX_REPORT ROOTFS_MAX_CONFIG

static int merge_one(struct fleet *fl, const char *text, size_t len, const char *name)
{
        struct diag d = {0};
        if (fleet_add(fl, text, len, name, &d) < 0) {
                print_diag(&d);
                return EXIT_USAGE;
        }
        return 0;
}

/* Standard input: one report a line, as a log collector keeps a DaemonSet's
 * output; lines that are not reports (log noise) are passed over. */
static int merge_stdin(struct fleet *fl, struct arena *a)
{
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        unsigned lineno = 0;
        int ret = 0;
        while ((n = getline(&line, &cap, stdin)) >= 0 && !ret) {
                lineno++;
                const char *start = strstr(line, "{\"schema\":\"nodeaudit/v1\"");
                if (!start)
                        continue;
                size_t len = (size_t)n - (size_t)(start - line);
                if (len > MERGE_MAX_REPORT) {
                        fprintf(stderr, "nodeaudit: stdin:%u: a report larger than %u bytes\n", lineno, MERGE_MAX_REPORT);
                        ret = EXIT_USAGE;
                        break;
                }
                ret = merge_one(fl, start, len, arena_printf(a, "stdin:%u", lineno));
        }
        free(line);
        return ret;
}

static int cmd_merge(struct ctx *c, char **paths, int n_paths)
{
        struct fleet *fl = fleet_new(c->a);
        for (int i = 0; i < n_paths; i++) {
                int r;
                if (streq(paths[i], "-")) {
                        if ((r = merge_stdin(fl, c->a)))
                                return r;
                        continue;
                }
                struct stat st;
                if (stat(paths[i], &st) < 0) {
                        fprintf(stderr, "nodeaudit: \"%s\": %s\n", paths[i], strerror(errno));
                        return EXIT_USAGE;
                }
                char **files = &paths[i];
                size_t nf = 1;
                if (S_ISDIR(st.st_mode) && local_find_files(paths[i], ".json", c->a, &files, &nf) < 0) {
                        fprintf(stderr, "nodeaudit: cannot read the directory \"%s\"\n", paths[i]);
                        return EXIT_USAGE;
                }
                for (size_t j = 0; j < nf; j++) {
                        char *buf;
                        size_t len;
                        int err = local_read_file(files[j], MERGE_MAX_REPORT, c->a, &buf, &len);
                        if (err < 0) {
                                fprintf(stderr, "nodeaudit: \"%s\": %s\n", files[j], rootfs_strerror(err));
                                return EXIT_USAGE;
                        }
                        if ((r = merge_one(fl, buf, len, files[j])))
                                return r;
                }
        }
        if (fleet_nodes(fl) == 0) {
                fprintf(stderr, "nodeaudit: no reports to merge\n");
                return EXIT_USAGE;
        }
        if (streq(arg_format, "json"))
                fleet_write_json(stdout, fl);
        else if (streq(arg_format, "html"))
                fleet_write_html(stdout, fl);
        else
                fleet_write_text(stdout, fl);
        return fflush(stdout) == 0 ? EXIT_GATE_HELD : EXIT_CANNOT_SCAN;
}

static int cmd_scan(struct ctx *c)
{
        struct scan_env *env;
        char *why;
        if (scan_env_open(arg_root, arg_proc, c->cat, c->a, &env, &why) < 0) {
                fprintf(stderr, "nodeaudit: %s\n", why);
                return EXIT_CANNOT_SCAN;
        }
        env->k8s_version = arg_k8s_version;
        /* The root and /proc are open: from here on, reading is all there is. */
        struct privileges priv;
        if (privileges_drop(c->a, &priv) < 0) {
                fprintf(stderr, "nodeaudit: %s\n", priv.error ? priv.error : "cannot drop privileges");
                scan_env_close(env);
                return EXIT_CANNOT_SCAN;
        }
        int ret = EXIT_GATE_HELD;
        /* The distribution: what does not apply there, and where it keeps its files. */
        struct distro **distros;
        size_t n_distros;
        struct diag dd = {0};
        if (distro_load_all(arena_printf(c->a, "%s/distributions", c->profiles_dir), c->cat, c->a,
                            &distros, &n_distros, &dd) < 0) {
                print_diag(&dd);
                ret = EXIT_USAGE;
                goto out;
        }
        const struct distro *dist = NULL;
        char *dist_source = NULL;
        if (arg_distribution && !streq(arg_distribution, "none")) {
                dist = distro_find(distros, n_distros, arg_distribution);
                if (!dist) {
                        char **names = arena_alloc(c->a, (n_distros + 1) * sizeof(*names));
                        for (size_t i = 0; i < n_distros; i++)
                                names[i] = distros[i]->name;
                        fprintf(stderr, "nodeaudit: unknown distribution \"%s\" (%s%snone)\n",
                                arg_distribution, str_join(c->a, names, n_distros, ", "),
                                n_distros ? ", " : "");
                        ret = EXIT_USAGE;
                        goto out;
                }
                dist_source = arena_strdup(c->a, "--distribution");
        } else if (!arg_distribution) {
                dist = distro_detect(env, distros, n_distros, &dist_source);
        }
        env->distro = dist;
        env->distribution_source = dist_source;
        if (!allowlist && dist) {
                /* the distribution's own allowlist, where one ships */
                char *path = arena_printf(c->a, "%s/allowlists/%s.yaml", c->profiles_dir, dist->name);
                struct diag ad = {0};
                if (access(path, F_OK) == 0 && allowlist_load(path, c->a, &allowlist, &ad) < 0) {
                        print_diag(&ad);
                        ret = EXIT_USAGE;
                        goto out;
                }
        }
        env->allowlist = allowlist;
        struct select_notes notes = {0};
        struct profile *p;
        char *error = NULL;
        int err = select_profile(c->profiles, env, arg_profile, arg_root, &notes, &p, &error);
        for (size_t i = 0; i < notes.n; i++)
                fprintf(stderr, "nodeaudit: %s\n", notes.v[i]);
        if (err == -EINVAL)
                fprintf(stderr, "nodeaudit: %s\n", error);
        if (err < 0) {
                /* auto found nothing to check: said, and not a failure */
                ret = err == -ENOENT ? EXIT_GATE_HELD : EXIT_USAGE;
                goto out;
        }
        char **lists[] = {arg_only, arg_skip};
        size_t counts[] = {arg_n_only, arg_n_skip};
        for (size_t l = 0; l < 2; l++)
                for (size_t i = 0; i < counts[l]; i++)
                        if (!profile_find(p, lists[l][i])) {
                                fprintf(stderr, "nodeaudit: profile %s has no check \"%s\"\n",
                                        p->name, lists[l][i]);
                                ret = EXIT_USAGE;
                                goto out;
                        }
        if (arg_level)
                p = profile_at_level(p, (int)arg_level, c->a);
        if (dist)
                p = distro_apply(p, dist, c->a);
        struct arena *iteration = NULL; /* each later scan in an arena of its own */
        for (;;) {
                ret = scan_and_report(c, env, p, &priv);
                if (!arg_interval_ns || ret == EXIT_CANNOT_SCAN)
                        break;
                /* Stay up: the next scan reopens the root with the privileges left. */
                fflush(stdout);
                struct timespec ts = {.tv_sec = arg_interval_ns / 1000000000LL,
                                      .tv_nsec = arg_interval_ns % 1000000000LL};
                while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                        ;
                scan_env_close(env);
                arena_free(iteration);
                iteration = arena_new();
                if (scan_env_open(arg_root, arg_proc, c->cat, iteration, &env, &why) < 0) {
                        fprintf(stderr, "nodeaudit: %s\n", why);
                        arena_free(iteration);
                        return EXIT_CANNOT_SCAN;
                }
                env->k8s_version = arg_k8s_version;
                env->distro = dist;
                env->distribution_source = dist_source;
                env->allowlist = allowlist;
        }
        scan_env_close(env);
        arena_free(iteration);
        return ret;
out:
        scan_env_close(env);
        return ret;
}

/* baseline save FILE: the critical files now; baseline diff FILE: what changed. */
static int cmd_baseline(struct ctx *c, const char *sub, const char *file)
{
        bool save = streq(sub, "save");
        struct baseline *was = NULL;
        struct diag d = {0};
        if (!save && baseline_load(file, c->a, &was, &d) < 0) {
                print_diag(&d);
                return EXIT_USAGE;
        }
        struct scan_env *env;
        char *why;
        int ret = EXIT_CANNOT_SCAN, err;
        struct privileges priv;
        struct output *out = NULL;
        if (scan_env_open(arg_root, arg_proc, c->cat, c->a, &env, &why) < 0) {
                fprintf(stderr, "nodeaudit: %s\n", why);
                return EXIT_CANNOT_SCAN;
        }
        if (privileges_drop(c->a, &priv) < 0) {
                fprintf(stderr, "nodeaudit: %s\n", priv.error ? priv.error : "cannot drop privileges");
                goto out;
        }
        /* After the drop: the temporary is made with the rights that rename or remove it. */
        if (save && (err = output_open(file, 0600, &out)) < 0) {
                fprintf(stderr, "nodeaudit: cannot write beside \"%s\": %s\n", file, strerror(-err));
                goto out;
        }
        struct baseline *now;
        if (baseline_collect(env, &now, &why) < 0) {
                fprintf(stderr, "nodeaudit: %s\n", why);
                goto out;
        }
        for (size_t i = 0; i < now->n; i++)
                if (now->items[i].error)
                        fprintf(stderr, "nodeaudit: %s\n", now->items[i].error);
        if (save) {
                err = baseline_write(output_file(out), now);
                if (err < 0)
                        output_discard(out);
                else
                        err = output_commit(out);
                out = NULL;
                if (err < 0) {
                        fprintf(stderr, "nodeaudit: cannot write %s: %s\n", file, strerror(-err));
                        goto out;
                }
                if (!arg_quiet)
                        fprintf(stderr, "nodeaudit: %zu critical files and directories of %s recorded in %s\n",
                                now->n, now->root, file);
                ret = EXIT_GATE_HELD;
                goto out;
        }
        struct baseline_diff *diff = baseline_compare(was, now, env->ids, c->a);
        if (streq(arg_format, "json"))
                baseline_diff_json(stdout, diff, file, was, now);
        else
                baseline_diff_text(stdout, diff, file, was, now);
        ret = diff->n && arg_fail_on != FAIL_ON_NONE ? EXIT_FINDINGS : EXIT_GATE_HELD;
out:
        output_discard(out);
        scan_env_close(env);
        return ret;
}

int main(int argc, char **argv)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *cmd = "scan";
        int first = 1;
        if (argc > 1 && argv[1][0] != '-') {
                cmd = argv[1];
                first = 2;
        }
        const char *sub = NULL;
        if (streq(cmd, "baseline")) {
                if (argc < 3 || (!streq(argv[2], "save") && !streq(argv[2], "diff")))
                        return usage_error("baseline needs save or diff, then a file%s", "");
                sub = argv[2];
                first = 3;
        }
        /* getopt permutes nothing ("+"): options follow the command, operands after. */
        int r = parse_options(argc - first + 1, argv + first - 1, a);
        if (r)
                return r < 0 ? EXIT_GATE_HELD : r;
        int rest = first - 1 + optind;
        const char *operand = rest < argc ? argv[rest] : NULL;
        if (sub) {
                if (!operand)
                        return usage_error("baseline %s needs a file", sub);
                /* options may follow the file too */
                if (rest + 1 < argc) {
                        optind = 0;
                        r = parse_options(argc - rest, argv + rest, a);
                        if (r)
                                return r < 0 ? EXIT_GATE_HELD : r;
                        if (rest + optind < argc)
                                return usage_error("unexpected argument \"%s\"", argv[rest + optind]);
                }
                if (!streq(arg_format, "text") && !streq(arg_format, "json"))
                        return usage_error("baseline writes text or json, not %s", arg_format);
        }
        if (streq(cmd, "merge")) {
                if (!operand)
                        return usage_error("merge needs reports: files, directories or - for standard input");
                if (!streq(arg_format, "text") && !streq(arg_format, "json") && !streq(arg_format, "html"))
                        return usage_error("merge writes text, json or html, not %s", arg_format);
                struct ctx mc = {.a = a};
                return cmd_merge(&mc, argv + rest, argc - rest);
        }
        bool wants_operand = streq(cmd, "explain") || sub;
        if (wants_operand && !operand)
                return usage_error("%s needs a check id", cmd);
        if (operand && !sub && (!wants_operand || rest + 1 < argc))
                return usage_error("unexpected argument \"%s\"", wants_operand ? argv[rest + 1] : operand);
        if (!streq(cmd, "scan") && !streq(cmd, "list") && !streq(cmd, "explain") &&
            !streq(cmd, "profiles") && !sub)
                return usage_error("unknown command \"%s\"", cmd);

        struct ctx c = {.a = a};
        struct diag wd = {0};
        if (arg_waivers && streq(cmd, "scan") && waivers_load(arg_waivers, a, &waivers, &wd) < 0) {
                print_diag(&wd);
                return EXIT_USAGE;
        }
        if (arg_allowlist && streq(cmd, "scan") &&
            allowlist_load(arg_allowlist, a, &allowlist, &wd) < 0) {
                print_diag(&wd);
                return EXIT_USAGE;
        }
        const char *checks_dir = arg_checks_dir ? arg_checks_dir : data_dir(a, "checks");
        c.profiles_dir = arg_profiles_dir ? arg_profiles_dir : data_dir(a, "profiles");
        struct diag d = {0};
        /* A scan parses the check files its profile needs; the other commands
         * show or validate the whole catalog. */
        int (*load)(const char *, struct arena *, struct catalog **, struct diag *) =
                streq(cmd, "scan") ? catalog_open : catalog_load;
        if (load(checks_dir, a, &c.cat, &d) < 0) {
                print_diag(&d);
                return EXIT_USAGE;
        }
        c.profiles = select_cache_new(c.profiles_dir, c.cat, a);
        if (streq(cmd, "profiles"))
                return cmd_profiles(&c);
        if (streq(cmd, "list"))
                return cmd_list(&c);
        if (streq(cmd, "explain"))
                return cmd_explain(&c, operand);
        if (sub)
                return cmd_baseline(&c, sub, operand);
        return cmd_scan(&c);
}
