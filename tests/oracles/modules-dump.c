/* modules-dump: what nodeaudit's module model sees, one line a module, for the kmod differential test. */
#include <stdio.h>
#include <string.h>

#include "model/modules.h"
#include "shared/strutil.h"

int main(int argc, char **argv)
{
        if (argc < 3) {
                fprintf(stderr, "usage: modules-dump ROOT NAME...\n");
                return 2;
        }
        _cleanup_arena_ struct arena *a = arena_new();
        struct rootfs *root, *procfs;
        struct modules *m;
        char *why = NULL;
        char proc[4096];
        snprintf(proc, sizeof(proc), "%s/proc", argv[1]);
        if (rootfs_open(argv[1], &root) < 0 || rootfs_open(proc, &procfs) < 0 ||
            modules_open(root, procfs, a, &m, &why) < 0) {
                fprintf(stderr, "modules-dump: %s\n", why ? why : "cannot open the root");
                return 1;
        }
        for (int i = 2; i < argc; i++) {
                struct module_state st;
                if (modules_state(m, argv[i], a, &st, &why) < 0) {
                        printf("%s error %s\n", argv[i], why);
                        continue;
                }
                const char *what = st.builtin ? "builtin"
                                   : st.install ? arena_printf(a, "install %s", st.install)
                                   : st.path ? arena_printf(a, "insmod %s", st.path)
                                             : "missing";
                printf("%s %s blacklisted=%s\n", argv[i], what, st.blacklisted ? "yes" : "no");
        }
        modules_close(m);
        rootfs_close(procfs);
        rootfs_close(root);
        return 0;
}
