/* process-allowlist: every process of the host is one the allowlist allows. */
#include <errno.h>
#include <string.h>

#include "defs/allowlist.h"
#include "io/rootfs.h"
#include "probes/result.h"
#include "model/files.h"
#include "model/node.h"
#include "model/processes.h"
#include "probes/table.h"
#include "shared/strutil.h"

#define SHOWN_MAX 20    /* processes listed in the evidence */
#define CMDLINE_SHOWN 160

static char *shown_cmdline(char **argv, size_t argc, struct arena *a)
{
        struct strbuf sb = {0};
        for (size_t i = 0; i < argc && sb.len < CMDLINE_SHOWN; i++) {
                if (i)
                        strbuf_putc(&sb, ' ');
                for (const char *p = argv[i]; *p; p++)
                        strbuf_putc(&sb, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
        }
        char *out = arena_strndup(a, sb.buf ? sb.buf : "", sb.len > CMDLINE_SHOWN ? CMDLINE_SHOWN : sb.len);
        if (sb.len > CMDLINE_SHOWN)
                out = arena_printf(a, "%s...", out);
        strbuf_free(&sb);
        return out;
}

/* Why a process cannot be allowed whatever the list says, or NULL: it is
 * judged on its executable, and argv[0] is only ever a second word. */
static const char *unjudgeable(int exe_err, int argv_err, char **argv, size_t argc,
                               struct arena *a, char **ret_shown)
{
        if (argv_err == -EFBIG) {
                *ret_shown = arena_printf(a, "(a command line of more than %u MiB)",
                                          NODE_PROCESS_MAX_CMDLINE >> 20);
                return "oversized";
        }
        if (argv_err < 0) {
                *ret_shown = arena_printf(a, "(command line unreadable: %s)", rootfs_strerror(argv_err));
                return "unreadable";
        }
        if (!argc) {
                *ret_shown = arena_strdup(a, "(empty command line)");
                return "empty";
        }
        if (!*argv[0]) {
                *ret_shown = arena_printf(a, "(empty argv[0])%s%s", argc > 1 ? " " : "",
                                          argc > 1 ? shown_cmdline(argv + 1, argc - 1, a) : "");
                return "empty";
        }
        *ret_shown = shown_cmdline(argv, argc, a);
        return exe_err < 0 ? "unreadable" : NULL;
}

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        struct arena *a = node->a;
        const struct allowlist *l = node->allowlist;
        if (!l) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(a, "no allowlist: --allowlist FILE names the processes this "
                                            "node may run (kubeadm nodes get the shipped "
                                            "allowlists/kubeadm.yaml)");
                return;
        }
        r->expected = arena_printf(a, "only the processes %s allows", l->file);
        if (!node_has_proc(node)) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(a, "an offline root: no processes to look at");
                return;
        }
        const char *role = node_role(node);
        if (!role)
                role = "host";
        char *host_ns = NULL;
        node_process_mntns(node, 1, &host_ns);
        /* the scanner itself, when it looks at its own pid namespace */
        int self_pid = node_self_pid(node);
        /* and those the process table took for kernel threads */
        int *unlisted = NULL;
        size_t n_unlisted = 0;
        char *unlisted_error = NULL;
        int err = node_process_unlisted(node, &unlisted, &n_unlisted);
        if (err < 0)
                unlisted_error = arena_printf(a, "the process directory could not be listed for "
                                                 "processes without a name: %s", rootfs_strerror(err));
        struct strbuf out = {0};
        size_t n = node_process_count(node), n_host = 0, n_bad = 0, n_containers = 0, n_unjudged = 0;
        for (size_t i = 0; i < n + n_unlisted; i++) {
                int pid = i < n ? node_process_pid(node, i) : unlisted[i - n];
                if (pid == self_pid)
                        continue;
                char *ns = NULL;
                if (!l->containers && host_ns && node_process_mntns(node, pid, &ns) == 0 &&
                    !streq(ns, host_ns)) {
                        n_containers++;
                        continue;
                }
                char *exe = NULL, **argv = NULL, *shown;
                size_t argc = 0;
                bool replaced; /* on disk since it started: the path is still the one it ran */
                int exe_err = node_process_exe(node, pid, &exe, &replaced);
                int argv_err = node_process_argv(node, pid, &argv, &argc);
                if (argv_err == -ENOENT || argv_err == -ESRCH)
                        continue; /* exited since the table was read */
                n_host++;
                const char *why = unjudgeable(exe_err, argv_err, argv, argc, a, &shown);
                if (!why && allowlist_match(l, exe, argv[0], role))
                        continue;
                n_bad++;
                if (why)
                        n_unjudged++;
                if (n_bad > SHOWN_MAX)
                        continue;
                unsigned uid;
                const char *user = "user unknown";
                if (node_process_uid(node, pid, &uid) == 0) {
                        const char *name = node_user_name(node, uid);
                        user = name ? name : arena_printf(a, "uid %u", uid);
                }
                const char *exe_text = exe_err < 0 ? arena_printf(a, "executable unreadable: %s",
                                                                  rootfs_strerror(exe_err))
                                                   : exe;
                strbuf_printf(&out, "%spid %d (%s, %s): %s", n_bad > 1 ? "; " : "", pid, user, exe_text,
                              shown);
        }
        r->source = SOURCE_PROC;
        r->source_detail = arena_printf(a, "/proc/PID/exe, cmdline and status of %zu process%s; "
                                           "allowlist %s, role %s",
                                        n_host, n_host == 1 ? "" : "es", l->file, role);
        if (n_bad) {
                r->status = STATUS_FAIL;
                r->actual = n_bad > SHOWN_MAX ? arena_printf(a, "%s; and %zu more", out.buf, n_bad - SHOWN_MAX)
                                              : arena_strdup(a, out.buf);
                r->reason = arena_printf(a, "%zu process%s not on the allowlist", n_bad,
                                         n_bad == 1 ? " is" : "es are");
                if (n_unjudged)
                        r->reason = arena_printf(a, "%s; %zu of them cannot be judged (an executable "
                                                    "that cannot be read, or a command line that is "
                                                    "empty, unreadable or too long), which no entry allows",
                                                 r->reason, n_unjudged);
        } else {
                r->status = STATUS_PASS;
                r->actual = arena_printf(a, "%zu process%s, each on the allowlist", n_host,
                                         n_host == 1 ? "" : "es");
        }
        if (n_containers)
                r->reason = arena_printf(a, "%s%s%zu process%s left out (the allowlist's "
                                            "scope is the host; scope: all takes them in)",
                                         r->reason ? r->reason : "", r->reason ? "; " : "",
                                         n_containers, n_containers == 1 ? " in a container" : "es in containers");
        if (unlisted_error) {
                r->status = r->status == STATUS_FAIL ? STATUS_FAIL : STATUS_ERROR;
                r->reason = arena_printf(a, "%s%s%s", r->reason ? r->reason : "", r->reason ? "; " : "",
                                         unlisted_error);
        }
        strbuf_free(&out);
}

const struct probe_ops probe_processes_ops = {
        .name = "process-allowlist",
        .collect = collect,
};
