/* sshd-files: sshd_config and the files it includes, read inside the node's
 * root as OpenSSH reads them (Include globs expanded in place). */
#include "model/sshd-files.h"

#include <errno.h>
#include <string.h>

#include "io/rootfs.h"
#include "parse/sshd-syntax.h"
#include "shared/strutil.h"

static void include(const struct sshd_includer *inc, struct sshd_config *cfg, const char *file,
                    unsigned line, char **args, size_t n, int depth, int match,
                    struct arena *a)
{
        struct rootfs *root = inc->ctx;
        for (size_t i = 0; i < n; i++) {
                if (args[i][0] == '~') {
                        sshd_config_problem(cfg, a, file, line, "Include paths may not start with ~");
                        continue;
                }
                const char *pattern = args[i][0] == '/' ? args[i]
                                                        : arena_printf(a, "/etc/ssh/%s", args[i]);
                char **paths;
                size_t np;
                if (rootfs_glob(root, pattern, a, &paths, &np) == -E2BIG && !cfg->limit)
                        cfg->limit = arena_printf(a, "%s:%u: Include %s matches too much (more than "
                                                     "1,024 files or 256 directories looked at)",
                                                  file, line, args[i]);
                for (size_t j = 0; j < np; j++) {
                        if (depth + 1 > SSHD_MAX_DEPTH) {
                                sshd_config_problem(cfg, a, file, line, "too many recursive Includes");
                                return;
                        }
                        /* A file that includes itself twice doubles the work at each
                         * of 16 levels: the files read in all are bounded too. */
                        if (++cfg->n_reads > SSHD_MAX_READS) {
                                if (!cfg->limit)
                                        cfg->limit = arena_printf(a, "%s:%u: Includes read more than %d "
                                                                     "files in all", file, line,
                                                                  SSHD_MAX_READS);
                                return;
                        }
                        char *buf;
                        size_t len;
                        int err = rootfs_read_file(root, paths[j], ROOTFS_MAX_CONFIG, a, &buf, &len);
                        if (err < 0) {
                                sshd_config_problem(cfg, a, file, line,
                                        arena_printf(a, "cannot read included %s: %s", paths[j],
                                                     rootfs_strerror(err)));
                                continue;
                        }
                        sshd_config_add_file(cfg, a, paths[j]);
                        sshd_config_parse(cfg, paths[j], buf, len, depth + 1, match, inc, a);
                }
        }
}

int sshd_files_load(struct rootfs *root, const char *path, struct arena *a,
                    struct sshd_config **ret)
{
        char *buf;
        size_t len;
        int err = rootfs_read_file(root, path, ROOTFS_MAX_CONFIG, a, &buf, &len);
        if (err < 0)
                return err;
        struct sshd_config *cfg = arena_alloc(a, sizeof(*cfg));
        sshd_config_add_file(cfg, a, path);
        const struct sshd_includer inc = {.include = include, .ctx = root};
        sshd_config_parse(cfg, path, buf, len, 0, -1, &inc, a);
        *ret = cfg;
        return 0;
}
