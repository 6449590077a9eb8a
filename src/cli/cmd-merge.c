/* cmd-merge: nodeaudit merge: a fleet view of many nodes' JSON reports, each one treated as hostile. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"
#include "io/localfs.h"
#include "io/rootfs.h"
#include "fleet/fleet.h"
#include "fleet/fleet-output.h"
#include "fleet/lines.h"
#include "report/escape.h"
#include "shared/strutil.h"

/* A report file, read into an arena of its own that is gone once the fleet has taken
 * what it keeps. One that cannot be read is set aside, and the others merge. */
static void merge_file(struct fleet *fl, const char *path)
{
        _cleanup_arena_ struct arena *scratch = arena_new();
        char *buf;
        size_t len;
        int err = local_read_file(path, FLEET_MAX_REPORT, scratch, &buf, &len);
        if (err == -EFBIG)
                fleet_set_aside(fl, path, 0, 0, "larger than %u bytes, not read", FLEET_MAX_REPORT);
        else if (err < 0)
                fleet_set_aside(fl, path, 0, 0, "%s", rootfs_strerror(err));
        else
                fleet_add(fl, buf, len, path);
}

static void warn_path(const char *path, const char *what)
{
        fputs("nodeaudit: \"", stderr);
        escape_text(stderr, path);
        fprintf(stderr, "\": %s\n", what);
}

int cmd_merge(struct arena *a, char **paths, size_t n_paths)
{
        struct fleet *fl = fleet_new(a, time(NULL));
        int ret = EXIT_GATE_HELD;
        for (size_t i = 0; i < n_paths && ret == EXIT_GATE_HELD; i++) {
                if (streq(paths[i], "-")) {
                        if (fleet_read_lines(fl, stdin, "stdin") < 0) {
                                fputs("nodeaudit: cannot read standard input\n", stderr);
                                ret = EXIT_USAGE;
                        }
                        continue;
                }
                struct stat st;
                if (stat(paths[i], &st) < 0) {
                        warn_path(paths[i], strerror(errno));
                        ret = EXIT_USAGE;
                        continue;
                }
                char **files = &paths[i];
                size_t nf = 1;
                if (S_ISDIR(st.st_mode) && local_find_files(paths[i], ".json", a, &files, &nf) < 0) {
                        warn_path(paths[i], "cannot read the directory");
                        ret = EXIT_USAGE;
                        continue;
                }
                for (size_t j = 0; j < nf; j++)
                        merge_file(fl, files[j]);
        }
        const struct fleet_summary *s = fleet_summarize(fl);
        /* Each report set aside is named on standard error too, for a cron job's mail. */
        fleet_write_aside(stderr, s, "nodeaudit: set aside: ");
        if (ret == EXIT_GATE_HELD && s->n_nodes == 0) {
                cli_say("no reports to merge");
                ret = EXIT_USAGE;
        }
        if (ret == EXIT_GATE_HELD) {
                if (streq(arg_format, "json"))
                        fleet_write_json(stdout, s);
                else if (streq(arg_format, "html"))
                        fleet_write_html(stdout, s);
                else
                        fleet_write_text(stdout, s);
                ret = fflush(stdout) == 0 ? EXIT_GATE_HELD : EXIT_CANNOT_SCAN;
        }
        fleet_free(fl);
        return ret;
}
