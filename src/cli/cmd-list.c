/* cmd-list: nodeaudit list: the checks of a profile, or every check defined, one a line. */
#include <stdio.h>

#include "cli/cli.h"
#include "defs/profile.h"
#include "engine/select.h"
#include "shared/strutil.h"

int cmd_list(struct arena *a, char **operands, size_t n_operands)
{
        struct catalog *cat;
        if (cli_load_catalog(a, false, &cat) < 0)
                return EXIT_USAGE;
        /* without --profile: the catalog */
        if (streq(arg_profile, "auto")) {
                for (size_t i = 0; i < cat->n_checks; i++)
                        printf("%-40s %s\n", cat->checks[i]->id, cat->checks[i]->title);
                return EXIT_GATE_HELD;
        }
        struct select_cache *profiles = select_cache_new(cli_profiles_dir(a), cat, a);
        struct profile *p;
        struct diag d = {0};
        if (select_cache_load(profiles, arg_profile, &p, &d) < 0) {
                cli_print_diag(&d);
                return EXIT_USAGE;
        }
        for (size_t i = 0; i < p->n_entries; i++) {
                const struct profile_entry *e = p->entries[i];
                printf("%-8s %-40s L%d %-10s %s\n", e->number, e->check->id, e->level,
                       e->scored ? "scored" : "not-scored", e->check->title);
        }
        return EXIT_GATE_HELD;
}
