/* module: whether a kernel module can be loaded (model/modules.c, libkmod). */
#include "defs/profile.h"
#include "probes/result.h"
#include "model/modules.h"
#include "model/node.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/strutil.h"

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        struct arena *a = node->a;
        const char *name = e->check->keys[0];
        char *why;
        struct modules *m;
        if (node_modules(node, &m, &why) < 0) {
                if (!node_has_proc(node)) {
                        r->status = STATUS_SKIP;
                        r->reason = why;
                } else {
                        probe_error(r, a, "%s", why);
                }
                return;
        }
        struct module_state st;
        if (modules_state(m, name, a, &st, &why) < 0) {
                probe_error(r, a, "%s", why);
                return;
        }
        r->expected = arena_strdup(a, "not loaded and not loadable");
        r->source = SOURCE_MODPROBE;
        r->source_detail = arena_printf(a, "/proc/modules, /lib/modules/%s and modprobe.d",
                                        modules_release(m));
        if (st.loaded || st.builtin) {
                r->status = STATUS_FAIL;
                r->actual = arena_strdup(a, st.loaded ? "loaded" : "built into the kernel");
                r->reason = st.builtin ? arena_strdup(a, "a builtin module cannot be disabled") : NULL;
                return;
        }
        if (st.no_module_dir) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "no /lib/modules/%s on this node: the running kernel's "
                                            "modules cannot be examined", modules_release(m));
                return;
        }
        if (!st.path) {
                r->status = STATUS_PASS;
                r->actual = arena_printf(a, "no module file for kernel %s", modules_release(m));
                return;
        }
        r->source_detail = st.path;
        if (st.disabled && st.blacklisted) {
                r->status = STATUS_PASS;
                r->actual = arena_printf(a, "disabled: install %s; blacklisted", st.install);
                return;
        }
        r->status = STATUS_FAIL;
        r->actual = arena_printf(a, "loadable: %s; %s; %s", st.path,
                                 st.install ? (st.disabled ? arena_printf(a, "install %s", st.install)
                                                           : arena_printf(a, "install runs \"%s\"", st.install))
                                            : "no install rule",
                                 st.blacklisted ? "blacklisted" : "not blacklisted");
        r->reason = arena_strdup(a, "a module is off only with both an install /bin/false (or /bin/true) "
                                    "rule and a blacklist line");
}

const struct probe_ops probe_module_ops = {
        .name = "module",
        .collect = collect,
};
