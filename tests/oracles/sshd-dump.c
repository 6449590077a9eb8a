/* sshd-dump: prints nodeaudit's effective sshd settings for ROOT, as `sshd -T` lines, for the differential test. */
#include <stdio.h>

#include "model/sshd.h"
#include "shared/strutil.h"

int main(int argc, char **argv)
{
        if (argc != 2) {
                fprintf(stderr, "usage: sshd-dump ROOT\n");
                return 2;
        }
        _cleanup_arena_ struct arena *a = arena_new();
        struct rootfs *root;
        struct sshd_model *m;
        if (rootfs_open(argv[1], &root) < 0 || sshd_model_load(root, a, &m) < 0) {
                fprintf(stderr, "sshd-dump: cannot read %s/etc/ssh/sshd_config\n", argv[1]);
                return 1;
        }
        if (m->cfg->n_problems) {
                for (size_t i = 0; i < m->cfg->n_problems; i++)
                        printf("# %s\n", m->cfg->problems[i]);
                printf("invalid\n");
        } else {
                for (size_t i = 0; sshd_keyword_at(i); i++) {
                        struct setting_value v;
                        sshd_effective(m, sshd_keyword_at(i), false, a, &v);
                        if (v.error)
                                printf("error %s %s\n", sshd_keyword_at(i), v.error);
                        else if (v.has_value)
                                printf("%s %s\n", sshd_keyword_at(i), v.value.norm);
                }
        }
        rootfs_close(root);
        return 0;
}
