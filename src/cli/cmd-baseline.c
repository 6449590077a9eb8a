/* cmd-baseline: nodeaudit baseline save|diff FILE: the critical files, recorded or compared. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "baseline/baseline.h"
#include "report/report.h"
#include "security/privileges.h"
#include "shared/strutil.h"

/* The node's critical files as they are now, read with the privileges dropped.
 * SAVE: FILE's temporary is created after the drop. Returns an exit status. */
static int collect(struct arena *a, struct catalog *cat, const char *file, bool save,
                   struct node **ret_env, struct baseline **ret, struct output **ret_out)
{
        struct node *node;
        char *why;
        if (node_open(arg_root, arg_proc, cat, a, &node, &why) < 0) {
                cli_say("%s", why);
                return EXIT_CANNOT_SCAN;
        }
        struct privileges priv;
        struct output *out = NULL;
        int err;
        if (privileges_drop(a, &priv) < 0) {
                cli_say("%s",
                        priv.error ? priv.error : "cannot drop privileges");
                goto fail;
        }
        /* the first byte of the node is read with the privileges dropped */
        if (node_load(node, &why) < 0) {
                cli_say("%s", why);
                goto fail;
        }
        /* After the drop: the temporary is made with the rights that rename or remove it. */
        if (save && (err = output_open(file, 0600, &out)) < 0) {
                cli_say("cannot write beside \"%s\": %s", file,
                        strerror(-err));
                goto fail;
        }
        struct baseline *now;
        if (node_critical_files(node, &now, &why) < 0) {
                cli_say("%s", why);
                goto fail;
        }
        for (size_t i = 0; i < now->n; i++)
                if (now->items[i].error)
                        cli_say("%s", now->items[i].error);
        *ret_env = node;
        *ret = now;
        *ret_out = out;
        return EXIT_GATE_HELD;
fail:
        output_discard(out);
        node_close(node);
        return EXIT_CANNOT_SCAN;
}

int cmd_baseline_save(struct arena *a, char **operands, size_t n_operands)
{
        const char *file = operands[0];
        struct catalog *cat;
        if (cli_load_catalog(a, false, &cat) < 0)
                return EXIT_USAGE;
        struct node *node;
        struct baseline *now;
        struct output *out;
        int ret = collect(a, cat, file, true, &node, &now, &out);
        if (ret != EXIT_GATE_HELD)
                return ret;
        int err = baseline_write(output_file(out), now);
        if (err < 0)
                output_discard(out);
        else
                err = output_commit(out);
        if (err < 0) {
                cli_say("cannot write %s: %s", file, strerror(-err));
                ret = EXIT_CANNOT_SCAN;
        } else if (!arg_quiet) {
                cli_say(
                        "%zu critical files and directories of %s recorded in %s",
                        now->n, now->root, file);
        }
        node_close(node);
        return ret;
}

int cmd_baseline_diff(struct arena *a, char **operands, size_t n_operands)
{
        const char *file = operands[0];
        struct catalog *cat;
        if (cli_load_catalog(a, false, &cat) < 0)
                return EXIT_USAGE;
        struct baseline *was;
        struct diag d = {0};
        if (baseline_load(file, a, &was, &d) < 0) {
                cli_print_diag(&d);
                return EXIT_USAGE;
        }
        struct node *node;
        struct baseline *now;
        struct output *none;
        int ret = collect(a, cat, file, false, &node, &now, &none);
        if (ret != EXIT_GATE_HELD)
                return ret;
        struct baseline_diff *diff = baseline_compare(was, now, node->ids, a);
        if (streq(arg_format, "json"))
                baseline_diff_json(stdout, diff, file, was, now);
        else
                baseline_diff_text(stdout, diff, file, was, now);
        node_close(node);
        return diff->n && arg_fail_on != FAIL_ON_NONE ? EXIT_FINDINGS : EXIT_GATE_HELD;
}
