/* test-catalog: check and profile files — the shipped ones load; broken ones fail with file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defs/profile.h"
#include "engine/scan.h"
#include "model/node.h"
#include "shared/k8s-version.h"
#include "shared/strutil.h"

static const char *comp =
        "component: kubelet\nprocesses: [kubelet]\n"
        "config: {flag: config}\n"
        "settings:\n  - {name: readOnlyPort, flag: read-only-port, type: int, default: \"0\"}\n";

static const char *good_check =
        "checks:\n"
        "  - id: kubelet.read-only-port\n"
        "    title: t\n    description: d\n    remediation: r\n"
        "    component: kubelet\n    probe: setting\n    setting: readOnlyPort\n"
        "    operator: eq\n    expected: \"0\"\n";

static struct catalog *load_docs(struct arena *a, const char *const *docs, size_t n,
                                 struct diag *d, int *ret_err)
{
        struct catalog *cat = arena_alloc(a, sizeof(*cat));
        *ret_err = 0;
        for (int pass = 1; pass >= 0; pass--)
                for (size_t i = 0; i < n; i++) {
                        struct ynode *root;
                        char *file = arena_printf(a, "doc%zu.yaml", i);
                        int err = ydoc_parse(docs[i], strlen(docs[i]), file, a, &root, d);
                        if (err == 0)
                                err = catalog_add_document(cat, root, file, pass, a, d);
                        if (err < 0) {
                                *ret_err = err;
                                return cat;
                        }
                }
        return cat;
}

static void test_shipped_definitions_load(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *src = getenv("SOURCE_DIR");
        assert_non_null(src);
        struct catalog *cat;
        struct diag d = {0};
        if (catalog_load(arena_printf(a, "%s/checks", src), a, &cat, &d) < 0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        assert_non_null(catalog_find(cat, "kubelet.anonymous-auth"));
        assert_non_null(catalog_component(cat, "kubelet"));
        char **names;
        size_t n;
        assert_int_equal(profile_list(arena_printf(a, "%s/profiles", src), a, &names, &n), 0);
        assert_true(n >= 1);
        for (size_t i = 0; i < n; i++) {
                struct profile *p;
                if (profile_load(arena_printf(a, "%s/profiles", src), names[i], cat, a, &p, &d) < 0)
                        fail_msg("%s:%u: %s", d.file, d.line, d.message);
                assert_true(p->n_entries > 0);
        }
        struct profile *w;
        assert_int_equal(profile_load(arena_printf(a, "%s/profiles", src), "cis-1.12-worker",
                                      cat, a, &w, &d), 0);
        assert_string_equal(profile_find(w, "4.2.1")->check->id, "kubelet.anonymous-auth");
        assert_string_equal(profile_find(w, "kubelet.anonymous-auth")->section, "4.2 Kubelet");
        assert_int_equal(profile_load(arena_printf(a, "%s/profiles", src), "no-such-profile",
                                      cat, a, &w, &d), -ENOENT);
}

static void test_bad_checks(void **state)
{
        struct {
                const char *text;
                unsigned line;
                const char *words;
        } cases[] = {
                {"checks:\n  - id: Bad Id\n    title: t\n    description: d\n    remediation: r\n    probe: manual\n", 2, "invalid check id"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: telepathy\n", 6, "unknown probe"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: setting\n    setting: nope\n    operator: eq\n    expected: x\n", 8, "unknown setting"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: setting\n    setting: readOnlyPort\n    operator: equals\n    expected: x\n", 9, "unknown operator"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: setting\n    setting: readOnlyPort\n    operator: eq\n", 2, "needs"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: file-mode\n    paths: [/etc/x]\n    operator: mode-at-most\n    expected: \"999\"\n", 9, "octal"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: file-owner\n    paths: [relative]\n    operator: owner\n    expected: root:root\n", 7, "absolute"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: manual\n    when: {component: kubelet, setting: readOnlyPort, equals: \"0\", prefix: \"1\"}\n", 7, "equals or prefix"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: manual\n    when: {component: kubelet, setting: readOnlyPort}\n", 7, "equals or prefix"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: manual\n    when: {component: nope, setting: readOnlyPort, equals: \"0\"}\n", 7, "unknown component"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: file-mode\n    operator: mode-at-most\n    expected: \"600\"\n", 2, "exactly one"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: manual\n    colour: red\n", 7, "unknown key"},
                {"checks:\n  - id: a.b\n    title: t\n    remediation: r\n    probe: manual\n", 2, "description"},
                {"nothing: here\n", 1, "neither"},
                /* found by fuzz-catalog: a relative tree crashed the error report */
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: file-owner\n    trees: [etc/x]\n    operator: owner\n    expected: root:root\n", 7, "absolute"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: file-mode\n    paths: [/a]\n    match: \"*.crt\"\n    operator: mode-at-most\n    expected: \"600\"\n", 2, "go with trees"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: audit-policy\n    operator: ge\n    expected: \"1\"\n", 2, "one setting"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: setting\n    setting: readOnlyPort\n    operator: mode-at-most\n    expected: \"600\"\n", 9, "does not fit"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: listening\n    ports: [99999]\n    listen: none\n", 8, "not a TCP port"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: listening\n    ports: [10255]\n    listen: nowhere\n", 9, "none or loopback"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: listening\n    ports: [10255]\n    listen: none\n", 2, "takes a component and ports"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: listening\n    ports: [10255]\n    port-setting: nope\n    listen: none\n", 9, "unknown setting"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: manual\n    ports: [1]\n", 7, "goes with probe listening"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: certificate\n    aspect: colour\n    operator: ge\n    expected: \"1\"\n", 7, "unknown aspect"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: certificate\n    operator: ge\n    expected: \"1\"\n", 2, "aspect"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    probe: manual\n    aspect: expiry\n", 7, "goes with probe certificate"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: certificate\n    aspect: expiry\n    setting: readOnlyPort\n    operator: ge\n    expected: \"1\"\n", 2, "takes no setting"},
                {"checks:\n  - id: a.b\n    title: t\n    description: d\n    remediation: r\n    component: kubelet\n    probe: certificate\n    aspect: expiry\n    operator: ge\n    expected: \"1\"\n", 6, "has no certificates"},
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_arena_ struct arena *a = arena_new();
                const char *docs[] = {comp, cases[i].text};
                struct diag d = {0};
                int err;
                load_docs(a, docs, 2, &d, &err);
                if (err != -EINVAL || d.line != cases[i].line || !strstr(d.message, cases[i].words))
                        fail_msg("case %zu: err %d at %s:%u: %s", i, err, d.file, d.line, d.message);
                assert_string_equal(d.file, "doc1.yaml");
        }
}

static void test_duplicate_check(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *docs[] = {comp, good_check, good_check};
        struct diag d = {0};
        int err;
        load_docs(a, docs, 3, &d, &err);
        assert_int_equal(err, -EINVAL);
        assert_non_null(strstr(d.message, "twice"));
        assert_string_equal(d.file, "doc2.yaml");
}

static void test_bad_profiles(void **state)
{
        struct {
                const char *text;
                unsigned line;
                const char *words;
        } cases[] = {
                {"name: p\ntitle: t\nbenchmark: b\nrole: worker\nsections: [{id: \"4.2\", title: K}]\n"
                 "checks:\n  - {id: kubelet.nope, number: 4.2.1}\n", 7, "unknown check"},
                {"name: p\ntitle: t\nbenchmark: b\nrole: worker\nsections: [{id: \"4.2\", title: K}]\n"
                 "checks:\n  - {id: kubelet.read-only-port, number: 5.1.1}\n", 7, "no section"},
                {"name: p\ntitle: t\nbenchmark: b\nrole: worker\nsections: [{id: \"4.2\", title: K}]\n"
                 "checks:\n  - {id: kubelet.read-only-port, number: 4.2.4}\n"
                 "  - {id: kubelet.read-only-port, number: 4.2.5}\n", 8, "twice"},
                {"name: p\ntitle: t\nbenchmark: b\nrole: laptop\nsections: []\nchecks: []\n", 4, "role"},
                {"name: p\ntitle: t\nbenchmark: b\nrole: worker\nsections: [{id: \"4.2\", title: K}]\n"
                 "checks:\n  - {id: kubelet.read-only-port, number: 4.2.4, level: 3}\n", 7, "level"},
                {"name: p\ntitle: t\nbenchmark: b\nrole: worker\nsections: [{id: \"4.2\", title: K}]\n"
                 "checks:\n  - {id: kubelet.read-only-port, number: 4.2.4, operator: set}\n", 7, "takes no expected"},
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_arena_ struct arena *a = arena_new();
                const char *docs[] = {comp, good_check};
                struct diag d = {0};
                int err;
                struct catalog *cat = load_docs(a, docs, 2, &d, &err);
                assert_int_equal(err, 0);
                struct ynode *root;
                assert_int_equal(ydoc_parse(cases[i].text, strlen(cases[i].text), "p.yaml", a, &root, &d), 0);
                struct profile *p;
                err = profile_parse(root, "p.yaml", cat, a, &p, &d);
                if (err != -EINVAL || d.line != cases[i].line || !strstr(d.message, cases[i].words))
                        fail_msg("profile case %zu: err %d at %u: %s", i, err, d.line, d.message);
        }
}

static void test_profile_override(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *docs[] = {comp, good_check};
        struct diag d = {0};
        int err;
        struct catalog *cat = load_docs(a, docs, 2, &d, &err);
        const char *text = "name: p\ntitle: t\nbenchmark: b\nrole: worker\n"
                           "sections: [{id: \"4\", title: W}, {id: \"4.2\", title: K}]\n"
                           "checks:\n  - {id: kubelet.read-only-port, number: 4.2.4, operator: one-of,"
                           " expected: [\"0\", \"10250\"], scored: false, weight: 2}\n";
        struct ynode *root;
        assert_int_equal(ydoc_parse(text, strlen(text), "p.yaml", a, &root, &d), 0);
        struct profile *p;
        assert_int_equal(profile_parse(root, "p.yaml", cat, a, &p, &d), 0);
        const struct profile_entry *e = p->entries[0];
        assert_int_equal(e->op, OP_ONE_OF);
        assert_int_equal(e->n_expected, 2);
        assert_false(e->scored);
        assert_true(e->weight == 2.0);
        assert_string_equal(e->section, "4.2 K"); /* the longest section prefix */
}

static void write_file(const char *dir, const char *name, const char *text)
{
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

/* catalog_open parses a check file only when one of its checks is needed,
 * and parses at once whatever it cannot index by a plain look. */
static void test_lazy_catalog(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char dir[] = "/tmp/test-catalog-XXXXXX";
        assert_non_null(mkdtemp(dir));
        write_file(dir, "comp.yaml", comp);
        write_file(dir, "good.yaml", good_check);
        /* broken YAML, but its id is listed: left alone until needed */
        write_file(dir, "broken.yaml", "checks:\n  - id: x.broken\n    title: [unclosed\n");
        /* flow style: no id line to index, so parsed at once (and valid) */
        write_file(dir, "flow.yaml",
                   "checks: [{id: kubelet.flow, title: t, description: d, remediation: r,"
                   " component: kubelet, probe: setting, setting: readOnlyPort,"
                   " operator: eq, expected: \"0\"}]\n");
        /* a quoted id is indexed too */
        write_file(dir, "quoted.yaml",
                   "checks:\n  - id: \"kubelet.quoted\"\n    title: t\n    description: d\n"
                   "    remediation: r\n    component: kubelet\n    probe: setting\n"
                   "    setting: readOnlyPort\n    operator: eq\n    expected: \"0\"\n");
        struct catalog *cat;
        struct diag d = {0};
        if (catalog_open(dir, a, &cat, &d) < 0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        assert_non_null(catalog_component(cat, "kubelet"));
        assert_non_null(catalog_find(cat, "kubelet.flow"));
        assert_null(catalog_find(cat, "kubelet.read-only-port"));
        assert_null(catalog_find(cat, "kubelet.quoted"));
        assert_int_equal(catalog_need(cat, "kubelet.read-only-port", &d), 0);
        assert_non_null(catalog_find(cat, "kubelet.read-only-port"));
        assert_int_equal(catalog_need(cat, "kubelet.quoted", &d), 0);
        assert_non_null(catalog_find(cat, "kubelet.quoted"));
        assert_int_equal(catalog_need(cat, "no.such-check", &d), 0);
        assert_null(catalog_find(cat, "no.such-check"));
        /* needing the broken file's check reports it with its line */
        assert_true(catalog_need(cat, "x.broken", &d) < 0);
        assert_non_null(strstr(d.file, "broken.yaml"));
        assert_true(d.line >= 2);
        /* the eager load validates everything */
        struct diag d2 = {0};
        assert_true(catalog_load(dir, a, &cat, &d2) < 0);
        assert_non_null(strstr(d2.file, "broken.yaml"));
        const char *names[] = {"comp.yaml", "good.yaml", "broken.yaml", "flow.yaml", "quoted.yaml"};
        for (size_t i = 0; i < 5; i++) {
                char path[512];
                snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
                unlink(path);
        }
        rmdir(dir);
}

static const char *two_checks =
        "checks:\n"
        "  - {id: kubelet.port-a, title: t, description: d, remediation: r, component: kubelet,"
        " probe: setting, setting: readOnlyPort, operator: eq, expected: \"0\"}\n"
        "  - {id: kubelet.port-b, title: t, description: d, remediation: r, component: kubelet,"
        " probe: setting, setting: readOnlyPort, operator: eq, expected: \"0\"}\n";

/* extends: a custom profile inherits, removes, changes and adds entries; the
 * parent is left as it was; every mistake names its file and line. */
struct refusal {
        const char *text;
        unsigned line;
        const char *what;
};

/* Each text, written as DIR/bad.yaml, is refused naming WHAT at LINE. */
static void expect_refusals(const char *dir, struct catalog *cat, struct arena *a,
                            const struct refusal *bad, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                struct profile *p;
                write_file(dir, "bad.yaml", bad[i].text);
                struct diag bd = {0};
                if (profile_load(dir, "bad", cat, a, &p, &bd) >= 0)
                        fail_msg("case %zu accepted", i);
                if (!strstr(bd.message, bad[i].what))
                        fail_msg("case %zu: \"%s\" does not say %s", i, bd.message, bad[i].what);
                if (bad[i].line && bd.line != bad[i].line)
                        fail_msg("case %zu: line %u, not %u (%s)", i, bd.line, bad[i].line, bd.message);
        }
}

static void remove_files(const char *dir, const char *const *names, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                char path[512];
                snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
                unlink(path);
        }
        rmdir(dir);
}

static void test_extends(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *docs[] = {comp, good_check, two_checks};
        struct diag d = {0};
        int err;
        struct catalog *cat = load_docs(a, docs, 3, &d, &err);
        assert_int_equal(err, 0);
        char dir[] = "/tmp/test-extends-XXXXXX";
        assert_non_null(mkdtemp(dir));
        write_file(dir, "base.yaml",
                   "name: base\ntitle: Base\nbenchmark: B 1\nrole: worker\n"
                   "sections: [{id: \"4\", title: Worker}, {id: \"4.2\", title: Kubelet}]\n"
                   "checks:\n"
                   "  - {id: kubelet.read-only-port, number: 4.2.4}\n"
                   "  - {id: kubelet.port-a, number: 4.2.5, level: 2}\n");
        write_file(dir, "acme.yaml",
                   "name: acme\nextends: base\n"
                   "sections: [{id: \"9\", title: Acme}]\n"
                   "remove: [4.2.5]\n"
                   "checks:\n"
                   "  - {id: kubelet.read-only-port, weight: 3, scored: false, operator: one-of,"
                   " expected: [\"0\", \"10255\"]}\n"
                   "  - {id: kubelet.port-b, number: 9.1, level: 2}\n");
        write_file(dir, "acme2.yaml", "name: acme2\nextends: acme\nchecks:\n  - {id: kubelet.port-b, level: 1}\n");
        struct profile *p;
        if (profile_load(dir, "acme2", cat, a, &p, &d) < 0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        assert_string_equal(p->title, "Base"); /* inherited */
        assert_string_equal(p->role, "worker");
        assert_string_equal(p->extends, "acme");
        assert_int_equal(p->n_entries, 2);
        const struct profile_entry *e = profile_find(p, "4.2.4");
        assert_non_null(e);
        assert_true(e->weight == 3.0);
        assert_false(e->scored);
        assert_int_equal(e->op, OP_ONE_OF);
        assert_int_equal(e->n_expected, 2);
        assert_null(profile_find(p, "kubelet.port-a")); /* removed */
        e = profile_find(p, "kubelet.port-b");
        assert_string_equal(e->number, "9.1");
        assert_string_equal(e->section, "9 Acme");
        assert_int_equal(e->level, 1); /* changed again by the grandchild */
        /* the parent is untouched */
        struct profile *b;
        assert_int_equal(profile_load(dir, "base", cat, a, &b, &d), 0);
        assert_true(profile_find(b, "4.2.4")->scored);
        assert_int_equal(profile_find(b, "4.2.5")->level, 2);

        const struct refusal bad[] = {
                {"name: x\nextends: base\nremove: [kubelet.nothing]\n", 3, "does not have"},
                {"name: x\nextends: nowhere\n", 2, "no profile of that name"},
                {"name: x\nextends: base\nchecks:\n  - {id: kubelet.port-b}\n", 4, "needs a \"number\""},
                {"name: x\nextends: base\nchecks:\n  - {id: kubelet.port-a, weight: 2}\n"
                 "  - {id: kubelet.port-a, level: 1}\n", 5, "listed twice"},
                {"name: x\nextends: base\nchecks:\n  - {id: kubelet.port-b, number: 4.2.4}\n", 4,
                 "already"},
                {"name: x\nextends: base\nchecks:\n  - {id: kubelet.port-b, number: 7.1}\n", 4,
                 "no section"},
                {"name: x\ntitle: t\nbenchmark: b\nrole: worker\nsections: []\nchecks: []\nremove: [4.2.4]\n",
                 7, "needs \"extends\""},
                {"name: x\nextends: loop-b\n", 2, "deep"},
        };
        write_file(dir, "loop-a.yaml", "name: loop-a\nextends: loop-b\n");
        write_file(dir, "loop-b.yaml", "name: loop-b\nextends: loop-a\n");
        expect_refusals(dir, cat, a, bad, ELEMENTSOF(bad));
        const char *names[] = {"base.yaml", "acme.yaml", "acme2.yaml", "bad.yaml", "loop-a.yaml", "loop-b.yaml"};
        remove_files(dir, names, ELEMENTSOF(names));
}

static bool expects(const struct profile_entry *e, const char *item)
{
        return str_in_list(item, e->expected, e->n_expected);
}

/* The benchmark versions are overrides of one check set: each differs from
 * the next by exactly what CIS changed, and a control-plane profile takes its
 * section 4 from the worker profile of the same version. */
static void test_benchmark_versions(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *src = getenv("SOURCE_DIR");
        struct catalog *cat;
        struct diag d = {0};
        if (catalog_load(arena_printf(a, "%s/checks", src), a, &cat, &d) < 0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        const char *dir = arena_printf(a, "%s/profiles", src);
        const char *names[] = {"cis-1.10-worker", "cis-1.11-worker", "cis-1.12-worker",
                               "cis-1.10-control-plane", "cis-1.11-control-plane",
                               "cis-1.12-control-plane"};
        struct profile *p[6];
        for (size_t i = 0; i < 6; i++)
                if (profile_load(dir, names[i], cat, a, &p[i], &d) < 0)
                        fail_msg("%s:%u: %s", d.file, d.line, d.message);
        /* ranges: 1.28 -> 1.10, 1.29-1.31 -> 1.11, 1.32 and later -> 1.12 */
        int ranges[3][2] = {{28, 28}, {29, 31}, {32, INT32_MAX}};
        for (size_t i = 0; i < 6; i++) {
                assert_int_equal(p[i]->k8s_min, ranges[i % 3][0]);
                assert_int_equal(p[i]->k8s_max, ranges[i % 3][1]);
        }
        assert_int_equal(p[0]->n_entries, 24);
        assert_int_equal(p[1]->n_entries, 26);
        assert_int_equal(p[2]->n_entries, 25);
        /* 4.2.15 in v1.11 only; 4.2.14 from v1.11 on */
        for (size_t i = 0; i < 6; i++) {
                assert_true((profile_find(p[i], "4.2.15") != NULL) == (i % 3 == 1));
                assert_true((profile_find(p[i], "kubelet.seccomp-default") != NULL) == (i % 3 != 0));
                /* 4.2.12: the TLS_RSA_* suites accepted before v1.12 */
                const struct profile_entry *c = profile_find(p[i], "4.2.12");
                assert_true(expects(c, "TLS_RSA_WITH_AES_128_GCM_SHA256") == (i % 3 != 2));
                assert_true(expects(c, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
                /* 4.1.7: 600 in v1.10, 644 later */
                assert_string_equal(profile_find(p[i], "4.1.7")->expected[0], i % 3 == 0 ? "600" : "644");
        }
        /* control plane: 1.2.30 from v1.11 on; CBC suites in 1.2.29 before v1.12 */
        for (size_t i = 3; i < 6; i++) {
                assert_true((profile_find(p[i], "1.2.30") != NULL) == (i != 3));
                assert_true(expects(profile_find(p[i], "1.2.29"), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA") ==
                            (i != 5));
                assert_int_equal(p[i]->n_entries, 72 - (i == 3) + p[i - 3]->n_entries);
                assert_string_equal(p[i]->role, "control-plane");
                /* in benchmark order, whatever order the parents came in */
                assert_string_equal(p[i]->entries[0]->number, "1.1.1");
                assert_string_equal(p[i]->entries[p[i]->n_entries - 1]->number, "4.3.1");
        }
        const struct profile_entry *prev = NULL;
        for (size_t k = 0; k < p[4]->n_entries; k++) {
                const struct profile_entry *e = p[4]->entries[k];
                if (prev && streq(prev->number, "4.2.9"))
                        assert_string_equal(e->number, "4.2.10");
                prev = e;
        }
        assert_string_equal(p[4]->extends, "cis-1.12-control-plane, cis-1.11-worker");
        /* the parents are unchanged by their children */
        assert_false(expects(profile_find(p[2], "4.2.12"), "TLS_RSA_WITH_AES_128_GCM_SHA256"));
}

static void test_extends_several(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *docs[] = {comp, good_check, two_checks};
        struct diag d = {0};
        int err;
        struct catalog *cat = load_docs(a, docs, 3, &d, &err);
        assert_int_equal(err, 0);
        char dir[] = "/tmp/test-extends2-XXXXXX";
        assert_non_null(mkdtemp(dir));
        write_file(dir, "one.yaml",
                   "name: one\ntitle: One\nbenchmark: B 1\nrole: worker\nkubernetes: \"1.29-1.31\"\n"
                   "sections: [{id: \"4.2\", title: Kubelet}]\n"
                   "checks:\n  - {id: kubelet.read-only-port, number: 4.2.10}\n"
                   "  - {id: kubelet.port-a, number: 4.2.9, level: 2}\n");
        write_file(dir, "two.yaml",
                   "name: two\ntitle: Two\nbenchmark: B 2\nrole: control-plane\n"
                   "sections: [{id: \"1\", title: CP}, {id: \"4.2\", title: The kubelet}]\n"
                   "checks:\n  - {id: kubelet.port-a, number: 4.2.9, level: 1, weight: 5}\n"
                   "  - {id: kubelet.port-b, number: 1.1}\n");
        write_file(dir, "both.yaml", "name: both\nextends: [one, two]\n");
        struct profile *p;
        if (profile_load(dir, "both", cat, a, &p, &d) < 0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        assert_string_equal(p->title, "One"); /* the first parent's */
        assert_string_equal(p->role, "worker");
        assert_null(p->k8s_range); /* a range is never inherited */
        assert_int_equal(p->n_entries, 3);
        assert_string_equal(p->entries[0]->number, "1.1");
        assert_string_equal(p->entries[1]->number, "4.2.9");
        assert_string_equal(p->entries[2]->number, "4.2.10");
        assert_int_equal(p->entries[1]->level, 1); /* the last parent's entry */
        assert_true(p->entries[1]->weight == 5.0);
        assert_string_equal(p->entries[1]->section, "4.2 The kubelet");

        /* a range and an override of a setting check's list, accepted */
        write_file(dir, "ok.yaml", "name: x\nextends: one\nkubernetes: \"1.29-\"\nchecks:\n"
                                   "  - {id: kubelet.read-only-port, expected: [\"0\", \"1\"]}\n");
        if (profile_load(dir, "ok", cat, a, &p, &d) < 0)
                fail_msg("refused: %s", d.message);
        assert_int_equal(p->k8s_min, 29);
        assert_int_equal(p->k8s_max, INT32_MAX);
        write_file(dir, "clash.yaml",
                   "name: clash\ntitle: C\nbenchmark: C\nrole: worker\n"
                   "sections: [{id: \"4.2\", title: K}]\n"
                   "checks:\n  - {id: kubelet.port-b, number: 4.2.10}\n");
        const struct refusal bad[] = {
                {"name: x\nextends: [one, clash]\n", 2, "another parent"},
                {"name: x\nextends: []\n", 2, "names no profile"},
                {"name: x\nextends: [one, nowhere]\n", 2, "no profile of that name"},
                {"name: x\nextends: one\nkubernetes: \"1.31-1.29\"\n", 3, "minor versions"},
                {"name: x\nextends: one\nkubernetes: \"2.1\"\n", 3, "minor versions"},
        };
        expect_refusals(dir, cat, a, bad, ELEMENTSOF(bad));
        const char *files[] = {"one.yaml", "two.yaml", "both.yaml", "clash.yaml", "ok.yaml", "bad.yaml"};
        remove_files(dir, files, ELEMENTSOF(files));
}

static void test_versions(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct {
                const char *image, *version;
        } cases[] = {
                {"registry.k8s.io/kube-apiserver:v1.32.4", "1.32.4"},
                {"kube-scheduler:1.29.0", "1.29.0"},
                {"registry.k8s.io/kube-controller-manager:v1.31.2@sha256:0123abcd", "1.31.2"},
                {"my.registry:5000/k8s/kube-apiserver:v1.30.1-rc.1", "1.30.1"},
                {"docker.io/rancher/kube-apiserver:v1.28.9+rke2r1", "1.28.9"},
                {"registry.k8s.io/kube-proxy:v1.33", "1.33"},
                {"registry.k8s.io/etcd:3.5.16-0", NULL},          /* not Kubernetes' own */
                {"registry.k8s.io/kube-apiserver", NULL},          /* no tag */
                {"registry.k8s.io/kube-apiserver:latest", NULL},
                {"registry.k8s.io/kube-apiserver:v2.0.0", NULL},
                {"my.registry:5000/kube-apiserver", NULL},         /* the port is no tag */
                {"registry.k8s.io/kube-apiserver:v1.32.4x", NULL},
                {"registry.k8s.io/kube-apiserver:v1.", NULL},
                {"", NULL},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char *v = k8s_version_of_image(cases[i].image, a);
                if (!cases[i].version ? v != NULL : !v || strcmp(v, cases[i].version) != 0)
                        fail_msg("%s: %s, not %s", cases[i].image, v ? v : "none",
                                 cases[i].version ? cases[i].version : "none");
        }
        assert_true(k8s_version_valid("1.32"));
        assert_true(k8s_version_valid("1.32.4"));
        assert_false(k8s_version_valid("1"));
        assert_false(k8s_version_valid("1.32."));
        assert_false(k8s_version_valid("2.1"));
        assert_false(k8s_version_valid("1.32.4.5"));
        assert_false(k8s_version_valid("1.x"));
        assert_false(k8s_version_valid(""));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_shipped_definitions_load),
                cmocka_unit_test(test_bad_checks),
                cmocka_unit_test(test_duplicate_check),
                cmocka_unit_test(test_bad_profiles),
                cmocka_unit_test(test_profile_override),
                cmocka_unit_test(test_lazy_catalog),
                cmocka_unit_test(test_extends),
                cmocka_unit_test(test_extends_several),
                cmocka_unit_test(test_benchmark_versions),
                cmocka_unit_test(test_versions),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
