/* test-select: what --profile auto picks for a node (role, Kubernetes version,
 * fallbacks, the profiles added beside), the notes it leaves for the user,
 * and a named profile taken as it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defs/profile.h"
#include "engine/scan.h"
#include "engine/select.h"
#include "shared/strutil.h"

struct state {
        struct arena *a;
        struct catalog *cat;
        struct select_notes notes;
        char *error;
};

static int setup(void **state)
{
        struct state *s = calloc(1, sizeof(*s));
        s->a = arena_new();
        struct diag d = {0};
        if (catalog_open(arena_printf(s->a, "%s/checks", getenv("SOURCE_DIR")), s->a, &s->cat, &d) <
            0)
                fail_msg("%s:%u: %s", d.file, d.line, d.message);
        *state = s;
        return 0;
}

static int teardown(void **state)
{
        struct state *s = *state;
        arena_free(s->a);
        free(s);
        return 0;
}

static const char *shipped_profiles(struct state *s)
{
        return arena_printf(s->a, "%s/profiles", getenv("SOURCE_DIR"));
}

/* Picks NAME for ROOT (a fixture name, or a path) with VERSION as --k8s-version. */
static int pick(struct state *s, const char *profiles, const char *root, const char *version,
                const char *name, struct profile **ret)
{
        if (root[0] != '/')
                root = arena_printf(s->a, "%s/%s", getenv("FIXTURES_DIR"), root);
        struct node *node;
        char *why;
        if (node_open(root, NULL, s->cat, s->a, &node, &why) < 0 || node_load(node, &why) < 0)
                fail_msg("%s", why);
        node_set_k8s_version(node, version);
        struct select_cache *c = select_cache_new(profiles, s->cat, s->a);
        int err = select_profile(c, node, name, root, &s->notes, ret, &s->error);
        node_close(node);
        return err;
}

static void test_auto_by_version(void **state)
{
        struct state *s = *state;
        struct profile *p;
        assert_int_equal(pick(s, shipped_profiles(s), "worker-flags-only", "1.30", "auto", &p), 0);
        assert_string_equal(p->name, "cis-1.11-worker+host-baseline+node-state");
        assert_int_equal(s->notes.n, 0);
        assert_int_equal(pick(s, shipped_profiles(s), "worker-flags-only", "1.40.1", "auto", &p),
                         0);
        assert_string_equal(p->name, "cis-1.12-worker+host-baseline+node-state");
        assert_int_equal(s->notes.n, 0);
        assert_int_equal(pick(s, shipped_profiles(s), "cp-kubeadm", "1.29", "auto", &p), 0);
        assert_string_equal(p->name, "cis-1.11-control-plane+host-baseline+node-state");
}

static void test_auto_notes(void **state)
{
        struct state *s = *state;
        struct profile *p;
        assert_int_equal(pick(s, shipped_profiles(s), "worker-flags-only", NULL, "auto", &p), 0);
        assert_string_equal(p->name, "cis-1.12-worker+host-baseline+node-state");
        assert_int_equal(s->notes.n, 1);
        assert_string_equal(s->notes.v[0], "the Kubernetes version is unknown; using the newest "
                                           "benchmark, cis-1.12-worker (--k8s-version or "
                                           "--profile to choose)");
        assert_int_equal(pick(s, shipped_profiles(s), "worker-flags-only", "1.26", "auto", &p), 0);
        assert_string_equal(p->name, "cis-1.10-worker+host-baseline+node-state");
        assert_int_equal(s->notes.n, 2);
        assert_string_equal(
                s->notes.v[1],
                "no benchmark covers Kubernetes 1.26; using cis-1.10-worker (for 1.28)");
}

static void test_auto_without_kubernetes(void **state)
{
        struct state *s = *state;
        char root[] = "/tmp/test-select-XXXXXX";
        assert_non_null(mkdtemp(root));
        struct profile *p;
        assert_int_equal(pick(s, shipped_profiles(s), root, NULL, "auto", &p), 0);
        assert_string_equal(p->name, "host-baseline+node-state");
        assert_int_equal(s->notes.n, 1);
        assert_non_null(
                strstr(s->notes.v[0], "no Kubernetes component found on /tmp/test-select-"));
        /* no profile at all: nothing to check, said, and not an error */
        assert_int_equal(pick(s, root, root, NULL, "auto", &p), -ENOENT);
        assert_int_equal(s->notes.n, 3);
        assert_string_equal(
                s->notes.v[2],
                arena_printf(s->a, "no host profile in %s either; nothing to check", root));
        assert_int_equal(rmdir(root), 0);
}

static void test_named(void **state)
{
        struct state *s = *state;
        struct profile *p;
        assert_int_equal(pick(s, shipped_profiles(s), "cp-kubeadm", NULL, "cis-1.12-worker", &p),
                         0);
        assert_string_equal(p->name, "cis-1.12-worker");
        assert_int_equal(s->notes.n, 0);
        assert_int_equal(pick(s, shipped_profiles(s), "cp-kubeadm", NULL, "cis-0.1-worker", &p),
                         -EINVAL);
        assert_non_null(strstr(s->error, "no profile named \"cis-0.1-worker\""));
}

static void test_cache(void **state)
{
        struct state *s = *state;
        struct select_cache *c = select_cache_new(shipped_profiles(s), s->cat, s->a);
        struct profile *p, *q;
        struct diag d = {0};
        assert_int_equal(select_cache_load(c, "host-baseline", &p, &d), 0);
        assert_int_equal(select_cache_load(c, "host-baseline", &q, &d), 0);
        assert_ptr_equal(p, q);
        assert_int_equal(select_cache_load(c, "nope", &q, &d), -ENOENT);
        assert_ptr_equal(q, p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_auto_by_version, setup, teardown),
                cmocka_unit_test_setup_teardown(test_auto_notes, setup, teardown),
                cmocka_unit_test_setup_teardown(test_auto_without_kubernetes, setup, teardown),
                cmocka_unit_test_setup_teardown(test_named, setup, teardown),
                cmocka_unit_test_setup_teardown(test_cache, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
