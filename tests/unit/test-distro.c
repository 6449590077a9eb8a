/* test-distro: distribution files are read strictly (file:line on every
 * refusal), the shipped ones load, and applying one to a profile changes
 * only the entries it names, leaving the profile itself alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defs/distribution.h"
#include "defs/profile.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

static struct catalog *shipped(struct arena *a)
{
        struct catalog *cat;
        struct diag d = {0};
        if (catalog_load(arena_printf(a, "%s/checks", getenv("SOURCE_DIR")), a, &cat, &d) < 0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        return cat;
}

static void test_shipped(void **state)
{
        struct arena *a = arena_new();
        struct catalog *cat = shipped(a);
        struct distro **all;
        size_t n;
        struct diag d = {0};
        const char *src = getenv("SOURCE_DIR");
        if (distro_load_all(arena_printf(a, "%s/profiles/distributions", src), cat, a, &all, &n, &d) < 0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        const char *names[] = {"aks", "eks", "gke", "k3s", "kubeadm", "microk8s", "rke2"};
        assert_int_equal(n, ELEMENTSOF(names));
        for (size_t i = 0; i < n; i++)
                assert_non_null(distro_find(all, n, names[i]));
        const struct distro *k3s = distro_find(all, n, "k3s");
        assert_true(k3s->n_binaries > 0 && k3s->n_paths > 0); /* its binary and its files */
        for (size_t i = 0; i < n; i++)
                assert_true(!all[i]->n_processes || all[i]->n_binaries);
        assert_int_equal(k3s->n_embeds, 5);
        /* where each distribution puts a component's executable */
        char *const *paths;
        const struct distro *kubeadm = distro_find(all, n, "kubeadm");
        assert_int_equal(distro_executables(kubeadm, catalog_component(cat, "kubelet"), &paths), 2);
        assert_string_equal(paths[0], "/usr/bin/kubelet");
        assert_int_equal(distro_executables(k3s, catalog_component(cat, "kubelet"), &paths), 0);
        assert_int_equal(distro_executables(NULL, catalog_component(cat, "kubelet"), &paths), 0);
        assert_string_equal(k3s->embeds[0].component->name, "kubelet");
        assert_string_equal(k3s->embeds[2].when_arg, "server");
        /* applied: the skips and paths it names, nothing else, a copy */
        struct profile *p, *q;
        assert_int_equal(profile_load(arena_printf(a, "%s/profiles", src), "cis-1.12-control-plane",
                                      cat, a, &p, &d), 0);
        q = distro_apply(p, k3s, a);
        assert_int_equal(q->n_entries, p->n_entries);
        const struct profile_entry *e = profile_find(q, "4.1.1");
        assert_non_null(e->skip);
        assert_non_null(strstr(e->skip, "K3s: the kubelet runs inside the k3s process"));
        assert_null(profile_find(p, "4.1.1")->skip);
        e = profile_find(q, "pki.ownership");
        assert_int_equal(e->n_paths, 1);
        assert_string_equal(e->paths[0], "/var/lib/rancher/k3s/server/tls");
        assert_null(profile_find(q, "1.2.1")->skip);
        assert_ptr_equal(profile_find(q, "1.2.1"), profile_find(p, "1.2.1"));
        assert_non_null(profile_find(q, "1.2.23")->skip_if); /* only on kine */
        assert_null(profile_find(q, "1.2.23")->skip);
        arena_free(a);
}

static void test_rejects(void **state)
{
        struct arena *a = arena_new();
        struct catalog *cat = shipped(a);
        struct {
                const char *text;
                unsigned line;
                const char *what;
        } bad[] = {
                {"title: X\ndetect: {paths: [/x]}\n", 1, "missing \"distribution\""},
                {"distribution: x\ntitle: X\n", 1, "needs \"detect\""},
                {"distribution: x\ntitle: X\ndetect: {}\n", 3, "processes or paths"},
                {"distribution: x\ntitle: X\ndetect: {paths: [etc/x]}\n", 3, "absolute"},
                /* a process name alone is no evidence */
                {"distribution: x\ntitle: X\ndetect: {processes: [x]}\n", 3, "need binaries"},
                {"distribution: x\ntitle: X\ndetect: {processes: [x], paths: [/x]}\n", 3, "need binaries"},
                {"distribution: x\ntitle: X\ndetect: {processes: [x], binaries: [/b]}\n", 3, "and paths"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x], binaries: [/b]}\n", 3, "give processes"},
                {"distribution: x\ntitle: X\ndetect: {processes: [x], binaries: [b], paths: [/x]}\n", 3,
                 "absolute"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x], files: [/y]}\n", 3, "files"},
                {"distribution: x\ntitle: X\nversion: 2\ndetect: {paths: [/x]}\n", 3, "version"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nchecks:\n  - {id: nope.nope, skip: r}\n", 5,
                 "unknown check"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nchecks:\n  - {id: kubelet.anonymous-auth}\n", 5,
                 "skip (a reason) or paths"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nchecks:\n"
                 "  - {id: kubelet.anonymous-auth, paths: [/a]}\n", 5, "does not look at paths"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nchecks:\n"
                 "  - {id: pki.ownership, paths: [relative]}\n", 5, "absolute"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nchecks:\n"
                 "  - {id: pki.ownership, skip: a}\n  - {id: pki.ownership, skip: b}\n", 6, "twice"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nchecks:\n"
                 "  - {id: pki.ownership, skip: a, when: {component: kube-apiserver, setting: nope, prefix: u}}\n",
                 5, "unknown setting"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nchecks:\n"
                 "  - {id: pki.ownership, skip: a, when: {component: kube-apiserver, setting: authorization-mode}}\n",
                 5, "equals or prefix"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nembedded:\n"
                 "  - {component: kubelet}\n", 5, "missing \"process\""},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nexecutables:\n"
                 "  - {component: kubelot, paths: [/k]}\n", 5, "unknown component"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nexecutables:\n"
                 "  - {component: kubelet, paths: [bin/k]}\n", 5, "absolute"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nexecutables:\n"
                 "  - {component: kubelet}\n", 5, "need paths"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nexecutables:\n"
                 "  - {component: kubelet, paths: [/a]}\n  - {component: kubelet, paths: [/b]}\n", 6,
                 "listed twice"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nexecutables: {kubelet: /k}\n", 4,
                 "must be a list"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nembedded:\n"
                 "  - {component: kubelot, process: k}\n", 5, "unknown component"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nembedded:\n"
                 "  - {component: kubelet, process: k, config: /c}\n", 5, "needs arg-flag"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nembedded:\n"
                 "  - {component: kubelet, process: k, args-file: /f, vars: [NOEQUALS]}\n", 5, "NAME=value"},
                {"distribution: x\ntitle: X\ndetect: {paths: [/x]}\nembedded:\n"
                 "  - {component: kubelet, process: k}\n  - {component: kubelet, process: j}\n", 6,
                 "embedded twice"},
        };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                struct ynode *root;
                struct diag d = {0};
                struct distro *dd;
                assert_int_equal(ydoc_parse(bad[i].text, strlen(bad[i].text), "d.yaml", a, &root, &d), 0);
                if (distro_parse(root, "d.yaml", cat, a, &dd, &d) >= 0)
                        fail_msg("case %zu accepted", i);
                if (!strstr(d.message, bad[i].what))
                        fail_msg("case %zu: \"%s\" does not say %s", i, d.message, bad[i].what);
                if (d.line != bad[i].line)
                        fail_msg("case %zu: line %u, not %u (%s)", i, d.line, bad[i].line, d.message);
        }
        arena_free(a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_shipped),
                cmocka_unit_test(test_rejects),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
