/* test-allowlist: the process allowlist — exe paths and argv[0] globs, roles,
 * scope — and every file it refuses, each at its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defs/allowlist.h"
#include "refusals.h"
#include "shared/strutil.h"

static struct allowlist *load(struct arena *a, const char *text, struct diag *d)
{
        struct allowlist *l = NULL;
        int err = allowlist_parse(text, strlen(text), "al.yaml", a, &l, d);
        return err < 0 ? NULL : l;
}

static void test_match(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        struct allowlist *l = load(a,
                "allow:\n"
                "  - {exe: /usr/bin/kubelet}\n"
                "  - {exe: /usr/lib/systemd/systemd-*}\n"
                "  - {argv0: kube-apiserver, roles: [control-plane]}\n"
                "  - {argv0: /pause}\n"
                "  - {argv0: \"sshd: *\", exe: /usr/sbin/sshd}\n"
                "  - {argv0: agent, any-exe: true}\n", &d);
        if (!l) {
                fail_msg("%u: %s", d.line, d.message);
                return;
        }
        assert_false(l->containers);
        assert_non_null(allowlist_match(l, "/usr/bin/kubelet", "kubelet", "worker"));
        assert_null(allowlist_match(l, "/tmp/kubelet", "/usr/bin/kubelet", "worker")); /* argv[0] lies */
        assert_non_null(allowlist_match(l, "/usr/lib/systemd/systemd-journald", "x", NULL));
        /* a glob's * stops at a slash */
        assert_null(allowlist_match(l, "/usr/lib/systemd/systemd-x/evil", "x", NULL));
        /* an argv0 glob without a slash matches argv[0]'s basename ... */
        assert_non_null(allowlist_match(l, "/usr/local/bin/kube-apiserver", "/usr/local/bin/kube-apiserver",
                                        "control-plane"));
        assert_null(allowlist_match(l, "/usr/local/bin/kube-apiserver", "kube-apiserver", "worker"));
        assert_null(allowlist_match(l, "/usr/local/bin/kube-apiserver", "kube-apiserver", NULL));
        /* ... of a process whose executable is the file argv[0] names: the path
         * itself, or the name in a standard PATH directory */
        assert_non_null(allowlist_match(l, "/usr/local/bin/kube-apiserver", "kube-apiserver", "control-plane"));
        assert_non_null(allowlist_match(l, "/bin/kube-apiserver", "kube-apiserver", "control-plane"));
        assert_null(allowlist_match(l, "/tmp/evil", "kube-apiserver", "control-plane"));
        assert_null(allowlist_match(l, "/tmp/kube-apiserver", "kube-apiserver", "control-plane"));
        assert_null(allowlist_match(l, "/usr/bin/kube-apiserver", "/usr/local/bin/kube-apiserver",
                                    "control-plane"));
        assert_null(allowlist_match(l, "/opt/kube-apiserver", "./kube-apiserver", "control-plane"));
        assert_non_null(allowlist_match(l, "/pause", "/pause", NULL));
        assert_null(allowlist_match(l, "/tmp/pause", "/tmp/pause", NULL));   /* a slash: the whole argv[0] */
        assert_null(allowlist_match(l, "/tmp/evil", "/pause", NULL));
        /* an exe beside argv0: both must match */
        assert_non_null(allowlist_match(l, "/usr/sbin/sshd", "sshd: root@pts/0", NULL));
        assert_null(allowlist_match(l, "/tmp/sshd", "sshd: root@pts/0", NULL));
        /* any-exe: argv[0] alone, because the entry says so */
        assert_non_null(allowlist_match(l, "/opt/vendor/agent-7/agent", "agent", NULL));
        /* no executable, or no argv[0]: nothing allows it */
        assert_null(allowlist_match(l, NULL, "/usr/bin/kubelet", "worker"));
        assert_null(allowlist_match(l, NULL, "agent", NULL));
        assert_null(allowlist_match(l, "/usr/bin/kubelet", "", "worker"));
        assert_null(allowlist_match(l, "/usr/bin/kubelet", NULL, "worker"));
        assert_null(allowlist_match(l, NULL, NULL, NULL));
}

static void test_scope(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        struct allowlist *l = load(a, "scope: all\nallow: [{exe: /x}]\n", &d);
        assert_non_null(l);
        if (l)
                assert_true(l->containers);
}

static int parse_allowlist(const char *text, const char *file, struct arena *a, struct diag *d)
{
        struct allowlist *l;
        return allowlist_parse(text, strlen(text), file, a, &l, d);
}

static void test_refused(void **state)
{
        static const struct refusal cases[] = {
                {"allow: []\n", 1, "must be a list"},
                {"nothing: 1\n", 1, "unknown key"},
                {"allow:\n  - {}\n", 2, "exe, argv0 or both"},
                {"allow:\n  - {roles: [worker]}\n", 2, "exe, argv0 or both"},
                {"allow:\n  - {exe: /x, any-exe: true}\n", 2, "any-exe goes with argv0 alone"},
                {"allow:\n  - {exe: /x, argv0: x,\n     any-exe: true}\n", 3, "any-exe goes with argv0 alone"},
                {"allow:\n  - {argv0: x, any-exe: yes}\n", 2, "true or false"},
                {"allow:\n  - {exe: bin/x}\n", 2, "absolute"},
                {"allow:\n  - {argv0: \"\"}\n", 2, "empty"},
                {"allow:\n  - {exe: /x, roles: [master]}\n", 2, "unknown role"},
                {"allow:\n  - {exe: /x, roles: []}\n", 2, "roles is empty"},
                {"allow:\n  - {exe: /x, colour: red}\n", 2, "unknown key"},
                {"scope: cluster\nallow: [{exe: /x}]\n", 1, "scope is host or all"},
                {"allow:\n  - /usr/bin/x\n", 2, "allowlist entry"},
                {"allow: [{exe: /x}\n", 2, ""},
        };
        expect_refusals(cases, ELEMENTSOF(cases), "al.yaml", parse_allowlist);
}

static void test_shipped(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        struct allowlist *l;
        char *path = arena_printf(a, "%s/profiles/allowlists/kubeadm.yaml", getenv("SOURCE_DIR"));
        if (allowlist_load(path, a, &l, &d) < 0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        assert_non_null(allowlist_match(l, "/usr/bin/kubelet", "/usr/bin/kubelet", "worker"));
        assert_non_null(allowlist_match(l, "/usr/bin/containerd", "/usr/bin/containerd", "worker"));
        assert_null(allowlist_match(l, "/tmp/.x/xmrig", "xmrig", "worker"));
        assert_null(allowlist_match(l, "/usr/local/bin/etcd", "etcd", "worker"));
        assert_non_null(allowlist_match(l, "/usr/local/bin/etcd", "etcd", "control-plane"));
        assert_null(allowlist_match(l, "/tmp/etcd", "etcd", "control-plane"));
        assert_non_null(allowlist_match(l, "/usr/local/bin/kube-proxy", "/usr/local/bin/kube-proxy", "worker"));
        assert_null(allowlist_match(l, "/tmp/evil", "kube-proxy", "worker"));
        assert_non_null(allowlist_match(l, "/pause", "/pause", "worker"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_match),
                cmocka_unit_test(test_scope),
                cmocka_unit_test(test_refused),
                cmocka_unit_test(test_shipped),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
