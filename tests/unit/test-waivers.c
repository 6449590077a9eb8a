/* test-waivers: the waivers file is parsed strictly (file:line on every
 * refusal), dates are real calendar dates, and a waiver turns exactly the
 * fails it names, on the nodes it names, into waived until it expires. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "defs/catalog.h"
#include "defs/profile.h"
#include "defs/waivers.h"
#include "engine/scan.h"
#include "engine/score.h"
#include "refusals.h"
#include "shared/strutil.h"

static void test_dates(void **state)
{
        int d;
        assert_int_equal(waiver_date("2027-03-31", &d), 0);
        assert_int_equal(d, 20270331);
        assert_int_equal(waiver_date("2028-02-29", &d), 0); /* leap year */
        assert_int_equal(waiver_date("2000-02-29", &d), 0); /* divisible by 400 */
        const char *bad[] = {"2027-02-29", "1900-02-29", "2027-13-01", "2027-00-10", "2027-04-31",
                             "2027-4-01", "27-04-01", "2027/04/01", "2027-04-01T00:00:00Z", "",
                             "tomorrow", "1969-12-31", "2027-04-0a"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
                if (waiver_date(bad[i], &d) != -EINVAL)
                        fail_msg("\"%s\" accepted as a date", bad[i]);
        int today = waiver_today();
        assert_true(today > 20260000 && today < 30000000);
}

static int parse_waivers(const char *text, const char *file, struct arena *a, struct diag *d)
{
        struct waivers *w;
        return waivers_parse(text, strlen(text), file, a, &w, d);
}

static void test_rejects(void **state)
{
        static const struct refusal cases[] = {
                {"waivers:\n  - check: a.b\n    expires: 2027-01-01\n", 2, "reason"},
                {"waivers:\n  - check: a.b\n    reason: \"\"\n    expires: 2027-01-01\n", 3, "reason"},
                {"waivers:\n  - check: a.b\n    reason: r\n", 2, "expires"},
                {"waivers:\n  - check: a.b\n    reason: r\n    expires: 2027-02-30\n", 4, "not a date"},
                {"waivers:\n  - check: a.b\n    reason: r\n    expires: 2027-01-01\n    until: x\n", 5, "until"},
                {"waivers:\n  - reason: r\n    expires: 2027-01-01\n", 2, "check"},
                {"waivers:\n  - check: a.b\n    reason: r\n    expires: 2027-01-01\n    nodes: \"\"\n", 5, "empty"},
                {"waivers: {check: a.b}\n", 1, "list"},
                {"waiver:\n  - check: a.b\n", 1, "waiver"},
                {"- check: a.b\n", 1, "map"},
                {"waivers:\n  - [a, b]\n", 2, "map"},
                {"waivers: [\n", 2, ""},
        };
        expect_refusals(cases, sizeof(cases) / sizeof(cases[0]), "w.yaml", parse_waivers);
        _cleanup_arena_ struct arena *a = arena_new();
        struct waivers *w;
        struct diag d = {0};
        assert_int_equal(waivers_parse("waivers:\n", 9, "w.yaml", a, &w, &d), 0);
        assert_int_equal(w->n, 0);
        assert_int_equal(waivers_load("/nonexistent/w.yaml", a, &w, &d), -ENOENT);
        assert_string_equal(d.file, "/nonexistent/w.yaml");
}

static struct check chk[4] = {
        {.id = "kubelet.anonymous-auth"},
        {.id = "kubelet.read-only-port"},
        {.id = "kubelet.event-qps"},
        {.id = "kubelet.seccomp-default"},
};
static struct profile_entry ent[4] = {
        {.check = &chk[0], .number = "4.2.1", .scored = true, .weight = 1},
        {.check = &chk[1], .number = "4.2.4", .scored = true, .weight = 1},
        {.check = &chk[2], .number = "4.2.8", .scored = true, .weight = 1},
        {.check = &chk[3], .number = "4.2.14", .scored = true, .weight = 1},
};

static void test_apply(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *text =
                "waivers:\n"
                "  - check: kubelet.anonymous-auth\n    reason: expired one\n    expires: 2027-01-31\n"
                "  - check: 4.2.1\n    reason: renewed\n    expires: 2027-06-30\n"
                "  - check: 4.2.4\n    reason: gpu nodes only\n    expires: 2030-01-01\n    nodes: \"gpu-*\"\n"
                "  - check: kubelet.event-qps\n    reason: long gone\n    expires: 2020-01-01\n"
                "  - check: kubelet.seccomp-default\n    reason: passes anyway\n    expires: 2030-01-01\n";
        struct waivers *w;
        struct diag d = {0};
        assert_int_equal(waivers_parse(text, strlen(text), "w.yaml", a, &w, &d), 0);
        assert_int_equal(w->n, 5);
        assert_int_equal(w->items[2].line, 8);
        struct result res[4] = {
                {.entry = &ent[0], .status = STATUS_FAIL},
                {.entry = &ent[1], .status = STATUS_FAIL},
                {.entry = &ent[2], .status = STATUS_FAIL},
                {.entry = &ent[3], .status = STATUS_PASS},
        };
        struct scan s = {.results = res, .n_results = 4};
        /* on the day the first waiver expires it still holds (inclusive) */
        score_apply_waivers(w, &s, "worker-1", 20270131);
        assert_int_equal(res[0].status, STATUS_WAIVED);
        assert_string_equal(res[0].waiver->reason, "expired one");
        /* a later day: the first has expired, the renewed one (by number) holds */
        res[0].status = STATUS_FAIL;
        res[0].waiver = NULL;
        score_apply_waivers(w, &s, "worker-1", 20270201);
        assert_int_equal(res[0].status, STATUS_WAIVED);
        assert_string_equal(res[0].waiver->reason, "renewed");
        assert_false(res[0].waiver_expired);
        /* a node the waiver does not name: the fail stands, no waiver */
        assert_int_equal(res[1].status, STATUS_FAIL);
        assert_null(res[1].waiver);
        /* expired: the fail stands and says which waiver expired */
        assert_int_equal(res[2].status, STATUS_FAIL);
        assert_string_equal(res[2].waiver->reason, "long gone");
        assert_true(res[2].waiver_expired);
        /* a pass is never touched */
        assert_int_equal(res[3].status, STATUS_PASS);
        assert_null(res[3].waiver);
        /* waived is not counted against the score: 0 pass of 2 counted fails... */
        assert_int_equal(s.counts[STATUS_WAIVED], 1);
        assert_int_equal(s.counts[STATUS_FAIL], 2);
        assert_true(s.score > 33.3 && s.score < 33.4); /* 1 pass / (1 pass + 2 fail) */
        /* the named node */
        res[1].status = STATUS_FAIL;
        score_apply_waivers(w, &s, "gpu-7", 20270201);
        assert_int_equal(res[1].status, STATUS_WAIVED);
        /* after everything expired, nothing is waived */
        for (int i = 0; i < 3; i++) {
                res[i].status = STATUS_FAIL;
                res[i].waiver = NULL;
        }
        score_apply_waivers(w, &s, "gpu-7", 20300102);
        for (int i = 0; i < 3; i++) {
                assert_int_equal(res[i].status, STATUS_FAIL);
                assert_true(res[i].waiver_expired);
        }
        assert_int_equal(s.counts[STATUS_WAIVED], 0);
        /* no waivers: nothing changes */
        score_apply_waivers(NULL, &s, "gpu-7", 20270201);
        assert_int_equal(res[0].status, STATUS_FAIL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_dates),
                cmocka_unit_test(test_rejects),
                cmocka_unit_test(test_apply),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
