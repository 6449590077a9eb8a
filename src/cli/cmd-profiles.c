/* cmd-profiles: nodeaudit profiles: the installed profiles, one a line. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "defs/profile.h"

int cmd_profiles(struct arena *a, char **operands, size_t n_operands)
{
        struct catalog *cat;
        if (cli_load_catalog(a, false, &cat) < 0)
                return EXIT_USAGE;
        const char *dir = cli_profiles_dir(a);
        char **names = NULL;
        size_t n = 0;
        int err = profile_list(dir, a, &names, &n);
        if (err < 0) {
                cli_say("cannot read \"%s\": %s", dir, strerror(-err));
                return EXIT_USAGE;
        }
        for (size_t i = 0; i < n; i++) {
                struct profile *p;
                struct diag d = {0};
                if (profile_load(dir, names[i], cat, a, &p, &d) < 0) {
                        cli_print_diag(&d);
                        return EXIT_USAGE;
                }
                printf("%-28s %-14s %s\n", p->name, p->role, p->title);
        }
        return EXIT_GATE_HELD;
}
