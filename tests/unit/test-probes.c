/* test-probes: probes handed a small fake node — what each collects, and the engine's verdict on it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defs/catalog.h"
#include "defs/profile.h"
#include "engine/judge.h"
#include "model/node.h"
#include "probes/table.h"
#include "probes/result.h"
#include "shared/arena.h"
#include "shared/strutil.h"

static char tmp[64];

static void put(const char *rel, const char *text, unsigned mode)
{
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", tmp, rel);
        char *slash = strrchr(p, '/');
        for (char *s = strchr(p + strlen(tmp) + 1, '/'); s && s <= slash; s = strchr(s + 1, '/')) {
                *s = '\0';
                mkdir(p, 0755);
                *s = '/';
        }
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        assert_int_equal(chmod(p, mode), 0);
}

static int setup(void **state)
{
        strcpy(tmp, "/tmp/nodeaudit-probes-XXXXXX");
        assert_non_null(mkdtemp(tmp));
        put("proc/sys/net/ipv4/ip_forward", "1\n", 0644);
        put("proc/sys/net/ipv4/tcp_rmem", "4096\t87380\t6291456\n", 0644);
        put("etc/kubernetes/admin.conf", "x", 0644);
        put("etc/kubernetes/super-admin.conf", "x", 0600);
        put("etc/issue", "Debian\n", 0644);
        return 0;
}

static int teardown(void **state)
{
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
        return system(cmd) == 0 ? 0 : -1;
}

struct fake {
        struct arena *a;
        struct catalog cat; /* no components: the probes below need none */
        struct node *node;
};

static struct fake *fake_node(void)
{
        struct fake *f = calloc(1, sizeof(*f));
        f->a = arena_new();
        char *why = NULL;
        assert_int_equal(node_open(tmp, NULL, &f->cat, f->a, &f->node, &why), 0);
        assert_int_equal(node_load(f->node, &why), 0);
        return f;
}

static void fake_free(struct fake *f)
{
        node_close(f->node);
        arena_free(f->a);
        free(f);
}

static struct result run(struct fake *f, struct check *c, enum op op, const char *expected)
{
        char **exp = arena_alloc(f->a, 2 * sizeof(char *));
        exp[0] = arena_strdup(f->a, expected);
        c->op = op;
        struct profile_entry e = {.check = c, .op = op, .expected = exp,
                                  .n_expected = expected ? 1 : 0, .scored = true, .weight = 1};
        struct result r = {0};
        judge_entry(f->node, &e, &r);
        return r;
}

/* The code's table and the definition files' vocabulary name the same probes. */
static void table_matches_vocabulary(void **state)
{
        for (int i = 0; i < _PROBE_MAX; i++) {
                assert_non_null(probe_ops((enum probe_id)i));
                assert_non_null(probe_ops((enum probe_id)i)->collect);
                assert_string_equal(probe_ops((enum probe_id)i)->name, probe_to_string((enum probe_id)i));
        }
        assert_null(probe_ops(_PROBE_MAX));
}

static void sysctl_collects_and_engine_judges(void **state)
{
        struct fake *f = fake_node();
        char *keys[] = {"net.ipv4.ip_forward", NULL};
        struct check c = {.id = "t.fwd", .probe = PROBE_SYSCTL, .keys = keys, .n_keys = 1};
        /* the probe hands back the value; it does not judge */
        struct result r = {0};
        struct evidence ev = {0};
        char **exp = (char *[]){"0"};
        struct profile_entry e = {.check = &c, .op = OP_EQ, .expected = exp, .n_expected = 1};
        probe_ops(PROBE_SYSCTL)->collect(f->node, &e, &r, &ev);
        assert_int_equal(ev.kind, EVIDENCE_VALUES);
        assert_int_equal(ev.n, 1);
        assert_string_equal(ev.values[0].value.norm, "1");
        assert_string_equal(ev.values[0].detail, "/proc/sys/net/ipv4/ip_forward");
        /* the engine's verdict */
        r = run(f, &c, OP_EQ, "0");
        assert_int_equal(r.status, STATUS_FAIL);
        assert_string_equal(r.actual, "1");
        r = run(f, &c, OP_EQ, "1");
        assert_int_equal(r.status, STATUS_PASS);
        /* tabs read as spaces; a parameter the kernel lacks is not applicable */
        char *rmem[] = {"net.ipv4.tcp_rmem", NULL};
        struct check c2 = {.id = "t.rmem", .probe = PROBE_SYSCTL, .keys = rmem, .n_keys = 1};
        r = run(f, &c2, OP_EQ, "4096 87380 6291456");
        assert_int_equal(r.status, STATUS_PASS);
        char *none[] = {"net.ipv4.nope", NULL};
        struct check c3 = {.id = "t.nope", .probe = PROBE_SYSCTL, .keys = none, .n_keys = 1};
        r = run(f, &c3, OP_EQ, "0");
        assert_int_equal(r.status, STATUS_SKIP);
        fake_free(f);
}

static void file_mode_decides_per_file(void **state)
{
        struct fake *f = fake_node();
        char *paths[] = {"/etc/kubernetes/admin.conf", "/etc/kubernetes/super-admin.conf"};
        struct check c = {.id = "t.mode", .probe = PROBE_FILE_MODE, .target = TARGET_PATHS,
                          .paths = paths, .n_paths = 2};
        struct result r = run(f, &c, OP_MODE_AT_MOST, "600");
        assert_int_equal(r.status, STATUS_FAIL);
        assert_non_null(strstr(r.actual, "/etc/kubernetes/admin.conf=644"));
        assert_non_null(strstr(r.reason, "1 of 2"));
        r = run(f, &c, OP_MODE_AT_MOST, "644");
        assert_int_equal(r.status, STATUS_PASS);
        /* nothing there: not applicable, never a pass */
        char *missing[] = {"/etc/kubernetes/nothing.conf"};
        struct check m = {.id = "t.none", .probe = PROBE_FILE_MODE, .target = TARGET_PATHS,
                          .paths = missing, .n_paths = 1};
        r = run(f, &m, OP_MODE_AT_MOST, "600");
        assert_int_equal(r.status, STATUS_SKIP);
        fake_free(f);
}

static void file_content_is_observed(void **state)
{
        struct fake *f = fake_node();
        char *paths[] = {"/etc/issue"};
        struct check c = {.id = "t.issue", .probe = PROBE_FILE_CONTENT, .target = TARGET_PATHS,
                          .paths = paths, .n_paths = 1};
        struct result r = run(f, &c, OP_EQ, "Debian");
        assert_int_equal(r.status, STATUS_PASS);
        assert_string_equal(r.actual, "Debian");
        r = run(f, &c, OP_EQ, "Ubuntu");
        assert_int_equal(r.status, STATUS_FAIL);
        char *gone[] = {"/etc/gone"};
        struct check g = {.id = "t.gone", .probe = PROBE_FILE_CONTENT, .target = TARGET_PATHS,
                          .paths = gone, .n_paths = 1, .missing_fails = true};
        r = run(f, &g, OP_EQ, "x");
        assert_int_equal(r.status, STATUS_FAIL);
        assert_string_equal(r.actual, "(missing)");
        fake_free(f);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(table_matches_vocabulary),
                cmocka_unit_test(sysctl_collects_and_engine_judges),
                cmocka_unit_test(file_mode_decides_per_file),
                cmocka_unit_test(file_content_is_observed),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
