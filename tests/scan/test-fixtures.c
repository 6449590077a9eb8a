/* test-fixtures: runs the binary over every fixture node and compares each verdict with its expected list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/localfs.h"
#include "io/rootfs.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

/* expected file:
 *   # profile NAME        the profile to scan with
 *   # exit N              the exit code the scan must end with
 *   # args ...            extra options
 *   NUMBER ID STATUS SOURCE ACTUAL...   one line a result, in order ("-": none)
 */
struct expect {
        char profile[128];
        char args[512];
        int exit_code;
        char **lines;
        size_t n;
};

static void read_expect(struct arena *a, const char *path, struct expect *e)
{
        char *buf;
        size_t len;
        assert_int_equal(local_read_file(path, 1 << 20, a, &buf, &len), 0);
        char **lines;
        size_t n = str_split(a, buf, '\n', &lines);
        e->lines = arena_alloc(a, (n + 1) * sizeof(char *));
        strcpy(e->profile, "auto");
        for (size_t i = 0; i < n; i++) {
                if (strncmp(lines[i], "# profile ", 10) == 0)
                        snprintf(e->profile, sizeof(e->profile), "%s", lines[i] + 10);
                else if (strncmp(lines[i], "# exit ", 7) == 0)
                        e->exit_code = atoi(lines[i] + 7);
                else if (strncmp(lines[i], "# args ", 7) == 0)
                        snprintf(e->args, sizeof(e->args), "%s", lines[i] + 7);
                else if (lines[i][0] != '#')
                        e->lines[e->n++] = lines[i];
        }
}

static const char *str_or_dash(const struct ynode *n)
{
        if (!n || ynode_is_null(n) || n->type != YNODE_SCALAR)
                return "-";
        return n->value;
}

static void run_fixture(void **state)
{
        const char *fixture = *state;
        _cleanup_arena_ struct arena *a = arena_new();
        const char *src = getenv("FIXTURES_DIR");
        const char *bin = getenv("NODEAUDIT");
        assert_non_null(src);
        assert_non_null(bin);
        struct expect e = {0};
        read_expect(a, arena_printf(a, "%s/%s/expected", src, fixture), &e);

        char tmp[] = "/tmp/nodeaudit-fixture-XXXXXX";
        assert_non_null(mkdtemp(tmp));
        char *root = arena_printf(a, "%s/root", tmp);
        char *cmd = arena_printf(a, "%s/../tests/helpers/fixture-copy.sh '%s/%s' '%s'", src, src,
                                 fixture, root);
        assert_int_equal(system(cmd), 0);
        char *out = arena_printf(a, "%s/report.json", tmp);
        cmd = arena_printf(a, "'%s' --root '%s' --profile '%s' --format json %s > '%s'", bin,
                           root, e.profile, e.args, out);
        int st = system(cmd);
        assert_true(WIFEXITED(st));
        int code = WEXITSTATUS(st);

        char *buf;
        size_t len;
        assert_int_equal(local_read_file(out, 1 << 24, a, &buf, &len), 0);
        struct ynode *doc;
        struct diag d = {0};
        int err = ydoc_parse(buf, len, out, a, &doc, &d);
        if (err < 0)
                fail_msg("%s: report is not valid JSON: %s:%u: %s", fixture, d.file, d.line,
                         d.message);
        assert_string_equal(str_or_dash(ynode_get(doc, "schema")), "nodeaudit/v1");
        const struct ynode *results = ynode_get(doc, "results");
        assert_non_null(results);

        struct strbuf got = {0};
        for (size_t i = 0; i < results->n; i++) {
                const struct ynode *r = results->items[i];
                const struct ynode *src_kind = ynode_path(r, "source.kind");
                strbuf_printf(&got, "%s %s %s %s %s\n", str_or_dash(ynode_get(r, "benchmark_id")),
                              str_or_dash(ynode_get(r, "id")), str_or_dash(ynode_get(r, "status")),
                              str_or_dash(src_kind), str_or_dash(ynode_get(r, "actual")));
                /* Every verdict carries its evidence or its reason. */
                const char *status = str_or_dash(ynode_get(r, "status"));
                if (streq(status, "pass") || streq(status, "fail")) {
                        if (!src_kind)
                                fail_msg("%s: %s has no source", fixture,
                                         str_or_dash(ynode_get(r, "id")));
                } else if (streq(str_or_dash(ynode_get(r, "reason")), "-")) {
                        fail_msg("%s: %s is %s without a reason", fixture,
                                 str_or_dash(ynode_get(r, "id")), status);
                }
        }
        if (getenv("NODEAUDIT_WRITE_EXPECTED")) {
                char *path = arena_printf(a, "%s/%s/expected", src, fixture);
                FILE *f = fopen(path, "w");
                assert_non_null(f);
                fprintf(f, "# profile %s\n# exit %d\n", e.profile, code);
                if (e.args[0])
                        fprintf(f, "# args %s\n", e.args);
                fputs(got.buf ? got.buf : "", f);
                fclose(f);
        } else {
                char **lines;
                size_t n = str_split(a, got.buf ? got.buf : "", '\n', &lines);
                for (size_t i = 0; i < n && i < e.n; i++)
                        if (!streq(lines[i], e.lines[i]))
                                fail_msg("%s: result %zu\n  expected: %s\n  got:      %s", fixture,
                                         i + 1, e.lines[i], lines[i]);
                if (n != e.n)
                        fail_msg("%s: %zu results, expected %zu", fixture, n, e.n);
                if (code != e.exit_code)
                        fail_msg("%s: exit code %d, expected %d", fixture, code, e.exit_code);
        }
        strbuf_free(&got);
        assert_int_equal(system(arena_printf(a, "rm -rf '%s'", tmp)), 0);
}

int main(int argc, char **argv)
{
        if (argc < 2) {
                fprintf(stderr, "usage: test-fixtures FIXTURE...\n");
                return 2;
        }
        struct CMUnitTest *tests = calloc((size_t)argc, sizeof(*tests));
        for (int i = 1; i < argc; i++) {
                tests[i - 1].name = argv[i];
                tests[i - 1].test_func = run_fixture;
                tests[i - 1].initial_state = argv[i];
        }
        int failed = _cmocka_run_group_tests("fixtures", tests, (size_t)argc - 1, NULL, NULL);
        free(tests);
        return failed ? 1 : 0;
}
