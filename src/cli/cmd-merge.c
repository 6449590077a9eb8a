/* cmd-merge: nodeaudit merge: a fleet view of many nodes' JSON reports. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "io/localfs.h"
#include "io/rootfs.h"
#include "fleet/fleet.h"
#include "shared/strutil.h"

#define MERGE_MAX_REPORT ROOTFS_MAX_CONFIG

static int merge_one(struct fleet *fl, const char *text, size_t len, const char *name)
{
        struct diag d = {0};
        if (fleet_add(fl, text, len, name, &d) < 0) {
                cli_print_diag(&d);
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
                        fprintf(stderr, "nodeaudit: stdin:%u: a report larger than %u bytes\n",
                                lineno, MERGE_MAX_REPORT);
                        ret = EXIT_USAGE;
                        break;
                }
                ret = merge_one(fl, start, len, arena_printf(a, "stdin:%u", lineno));
        }
        free(line);
        return ret;
}

int cmd_merge(struct arena *a, char **paths, size_t n_paths)
{
        struct fleet *fl = fleet_new(a);
        for (size_t i = 0; i < n_paths; i++) {
                int r;
                if (streq(paths[i], "-")) {
                        if ((r = merge_stdin(fl, a)))
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
                if (S_ISDIR(st.st_mode) &&
                    local_find_files(paths[i], ".json", a, &files, &nf) < 0) {
                        fprintf(stderr, "nodeaudit: cannot read the directory \"%s\"\n", paths[i]);
                        return EXIT_USAGE;
                }
                for (size_t j = 0; j < nf; j++) {
                        char *buf;
                        size_t len;
                        int err = local_read_file(files[j], MERGE_MAX_REPORT, a, &buf, &len);
                        if (err < 0) {
                                fprintf(stderr, "nodeaudit: \"%s\": %s\n", files[j],
                                        rootfs_strerror(err));
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
