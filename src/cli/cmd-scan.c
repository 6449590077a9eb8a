/* cmd-scan: nodeaudit scan: the node opened, its profile chosen, scanned and reported. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "config.h"
#include "defs/allowlist.h"
#include "defs/distribution.h"
#include "defs/waivers.h"
#include "engine/scan.h"
#include "engine/score.h"
#include "engine/select.h"
#include "model/distro.h"
#include "model/node.h"
#include "report/report.h"
#include "security/privileges.h"
#include "shared/strutil.h"

/* What every scan of this run shares, --interval's included. */
struct scan_setup {
        struct arena *a;
        struct catalog *cat;
        const char *profiles_dir;
        struct waivers *waivers;
        struct allowlist *allowlist; /* --allowlist, or the distribution's own */
        const struct distro *dist;
        char *dist_source;
        struct privileges priv;
};

/* Reads the node opened: its processes and users, after the drop. */
static int load_node(struct node *node)
{
        char *why;
        int err = node_load(node, &why);
        if (err < 0)
                cli_say("%s", why);
        return err;
}

/* The node at --root and --proc, with what this run decided about it. LOAD:
 * read it too (a later scan of --interval, the privileges long dropped). */
static int open_node(const struct scan_setup *s, struct arena *a, bool load, struct node **ret)
{
        struct node *node;
        char *why;
        int err = node_open(arg_root, arg_proc, s->cat, a, &node, &why);
        if (err < 0) {
                cli_say("%s", why);
                return err;
        }
        if (load && (err = load_node(node)) < 0) {
                node_close(node);
                return err;
        }
        node_set_k8s_version(node, arg_k8s_version);
        node_set_distribution(node, s->dist, s->dist_source);
        node_set_allowlist(node, s->allowlist);
        *ret = node;
        return 0;
}

static int unknown_distribution(struct arena *a, struct distro **distros, size_t n)
{
        char **names = arena_alloc(a, (n + 1) * sizeof(*names));
        for (size_t i = 0; i < n; i++)
                names[i] = distros[i]->name;
        cli_say("unknown distribution \"%s\" (%s%snone)", arg_distribution,
                str_join(a, names, n, ", "), n ? ", " : "");
        return -EINVAL;
}

/* The distribution (--distribution, else what the node shows): what does not
 * apply there, where it keeps its files, and its allowlist where one ships.
 * Returns -EINVAL having said why. */
static int choose_distribution(struct scan_setup *s, struct node *node)
{
        struct distro **distros;
        size_t n;
        struct diag d = {0};
        if (distro_load_all(arena_printf(s->a, "%s/distributions", s->profiles_dir), s->cat, s->a,
                            &distros, &n, &d) < 0) {
                cli_print_diag(&d);
                return -EINVAL;
        }
        if (arg_distribution && !streq(arg_distribution, "none")) {
                s->dist = distro_find(distros, n, arg_distribution);
                if (!s->dist)
                        return unknown_distribution(s->a, distros, n);
                s->dist_source = arena_strdup(s->a, "--distribution");
        } else if (!arg_distribution) {
                s->dist = distro_detect(node, distros, n, &s->dist_source);
        }
        node_set_distribution(node, s->dist, s->dist_source);
        if (!s->allowlist && s->dist) {
                char *path =
                        arena_printf(s->a, "%s/allowlists/%s.yaml", s->profiles_dir, s->dist->name);
                if (access(path, F_OK) == 0 && allowlist_load(path, s->a, &s->allowlist, &d) < 0) {
                        cli_print_diag(&d);
                        return -EINVAL;
                }
        }
        node_set_allowlist(node, s->allowlist);
        return 0;
}

/* --profile (auto: what the engine picks for the node, its notes said here),
 * narrowed by --level and the distribution. -ENOENT: nothing to check;
 * -EINVAL: said why. */
static int choose_profile(struct scan_setup *s, struct node *node, struct profile **ret)
{
        struct select_cache *cache = select_cache_new(s->profiles_dir, s->cat, s->a);
        struct select_notes notes = {0};
        struct profile *p;
        char *error = NULL;
        int err = select_profile(cache, node, arg_profile, arg_root, &notes, &p, &error);
        for (size_t i = 0; i < notes.n; i++)
                cli_say("%s", notes.v[i]);
        if (err == -EINVAL)
                cli_say("%s", error);
        if (err < 0)
                return err;
        char **lists[] = {arg_only, arg_skip};
        size_t counts[] = {arg_n_only, arg_n_skip};
        for (size_t l = 0; l < 2; l++)
                for (size_t i = 0; i < counts[l]; i++)
                        if (!profile_find(p, lists[l][i])) {
                                cli_say("profile %s has no check \"%s\"",
                                        p->name, lists[l][i]);
                                return -EINVAL;
                        }
        if (arg_level)
                p = profile_at_level(p, (int)arg_level, s->a);
        if (s->dist)
                p = distro_apply(p, s->dist, s->a);
        *ret = p;
        return 0;
}

static int scan_and_report(const struct scan_setup *setup, struct node *node,
                           const struct profile *p)
{
        FILE *out = stdout;
        struct output *o = NULL;
        int err;
        if (arg_output) {
                if ((err = output_open(arg_output, 0644, &o)) < 0) {
                        cli_say("cannot write beside \"%s\": %s", arg_output,
                                strerror(-err));
                        return EXIT_CANNOT_SCAN;
                }
                out = output_file(o);
        }
        struct scan *s;
        scan_run(node, p, arg_only, arg_n_only, arg_skip, arg_n_skip, &s);
        score_apply_waivers(setup->waivers, s, s->node.hostname, waiver_today());
        s->node.uid = setup->priv.uid;
        s->node.capabilities = setup->priv.capabilities;
        s->node.no_new_privs = setup->priv.no_new_privs;
        struct report_options ro = {
                .color = !arg_output && !arg_no_color && !getenv("NO_COLOR") &&
                         isatty(STDOUT_FILENO),
                .quiet = arg_quiet,
                .tool_version = NODEAUDIT_VERSION,
        };
        err = report_write(reporter_find(arg_format), out, s, &ro);
        if (err < 0)
                output_discard(o);
        else if (o)
                err = output_commit(o);
        if (err < 0) {
                cli_say("cannot write the report%s%s: %s",
                        arg_output ? " to " : "", arg_output ? arg_output : "", strerror(-err));
                return EXIT_CANNOT_SCAN;
        }
        return scan_gate_tripped(s, arg_fail_on, arg_min_score) ? EXIT_FINDINGS : EXIT_GATE_HELD;
}

/* One scan, or with --interval one every interval for good. Closes ENV. */
static int scan_repeatedly(const struct scan_setup *s, struct node *node,
                           const struct profile *p)
{
        struct arena *iteration = NULL; /* each later scan in an arena of its own */
        int ret;
        for (;;) {
                ret = scan_and_report(s, node, p);
                if (!arg_interval_ns || ret == EXIT_CANNOT_SCAN)
                        break;
                /* Stay up: the next scan reopens the root with the privileges left. */
                fflush(stdout);
                struct timespec ts = {.tv_sec = arg_interval_ns / 1000000000LL,
                                      .tv_nsec = arg_interval_ns % 1000000000LL};
                while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                        ;
                node_close(node);
                arena_free(iteration);
                iteration = arena_new();
                if (open_node(s, iteration, true, &node) < 0) {
                        arena_free(iteration);
                        return EXIT_CANNOT_SCAN;
                }
        }
        node_close(node);
        arena_free(iteration);
        return ret;
}

int cmd_scan(struct arena *a, char **operands, size_t n_operands)
{
        struct scan_setup s = {.a = a};
        struct diag d = {0};
        if (arg_waivers && waivers_load(arg_waivers, a, &s.waivers, &d) < 0) {
                cli_print_diag(&d);
                return EXIT_USAGE;
        }
        if (arg_allowlist && allowlist_load(arg_allowlist, a, &s.allowlist, &d) < 0) {
                cli_print_diag(&d);
                return EXIT_USAGE;
        }
        /* a scan parses the check files its profile needs, no others */
        if (cli_load_catalog(a, true, &s.cat) < 0)
                return EXIT_USAGE;
        s.profiles_dir = cli_profiles_dir(a);
        struct node *node;
        if (open_node(&s, a, false, &node) < 0)
                return EXIT_CANNOT_SCAN;
        /* The root and /proc are open, nothing in them read yet: the
         * privileges go before the first byte of the node. */
        if (privileges_drop(a, &s.priv) < 0) {
                cli_say("%s",
                        s.priv.error ? s.priv.error : "cannot drop privileges");
                node_close(node);
                return EXIT_CANNOT_SCAN;
        }
        if (load_node(node) < 0) {
                node_close(node);
                return EXIT_CANNOT_SCAN;
        }
        struct profile *p = NULL;
        int err = choose_distribution(&s, node);
        if (err == 0)
                err = choose_profile(&s, node, &p);
        if (err < 0) {
                node_close(node);
                /* auto found nothing to check: said, and not a failure */
                return err == -ENOENT ? EXIT_GATE_HELD : EXIT_USAGE;
        }
        return scan_repeatedly(&s, node, p);
}
