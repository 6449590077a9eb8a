/* cmd-explain: nodeaudit explain ID: what a check reads, expects, and where profiles use it. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "defs/profile.h"
#include "shared/strutil.h"

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

static void explain_check(const struct check *chk, struct arena *a)
{
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
        if (chk->probe != PROBE_MANUAL)
                printf("  expected:    %s (operator %s)\n",
                       op_describe(chk->op, chk->expected, chk->n_expected, a),
                       op_to_string(chk->op));
        printf("\nRemediation:\n  %s\n", chk->remediation);
}

int cmd_explain(struct arena *a, char **operands, size_t n_operands)
{
        const char *id = operands[0];
        struct catalog *cat;
        if (cli_load_catalog(a, false, &cat) < 0)
                return EXIT_USAGE;
        const char *dir = cli_profiles_dir(a);
        const struct check *chk = catalog_find(cat, id);
        char **names;
        size_t n = 0;
        profile_list(dir, a, &names, &n);
        /* a benchmark number names a check through the profiles that number it */
        struct strbuf in = {0};
        for (size_t i = 0; i < n; i++) {
                struct profile *p;
                struct diag d = {0};
                if (profile_load(dir, names[i], cat, a, &p, &d) < 0)
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
                cli_usage_error("no check \"%s\" (see: nodeaudit list)", id);
                return EXIT_USAGE;
        }
        explain_check(chk, a);
        if (in.len)
                printf("\nIn profiles:\n%s", in.buf);
        strbuf_free(&in);
        return EXIT_GATE_HELD;
}
