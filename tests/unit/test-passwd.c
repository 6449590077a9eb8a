/* test-passwd: the node's users and groups, parsed without the scanner's NSS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "io/passwd.h"

static void test_parse(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct idmap *m = idmap_new(a);
        const char *pw = "root:x:0:0:root:/root:/bin/bash\n"
                         "# comment\n"
                         "+nisuser::::::\n"
                         "etcd:x:998:998::/var/lib/etcd:/sbin/nologin\n"
                         "broken line\n"
                         "bad:x:notanumber:0::/:/bin/sh\n"
                         "huge:x:99999999999:0::/:/bin/sh\n"
                         "toor:x:0:0::/:/bin/sh\n"
                         "last:x:1001:1001::/:/bin/sh";
        assert_int_equal(idmap_parse(m, false, pw, strlen(pw)), 0);
        const char *gr = "root:x:0:\netcd:x:998:\n";
        assert_int_equal(idmap_parse(m, true, gr, strlen(gr)), 0);
        uid_t u;
        gid_t g;
        assert_int_equal(idmap_user_id(m, "etcd", &u), 0);
        assert_int_equal(u, 998);
        assert_int_equal(idmap_user_id(m, "last", &u), 0);
        assert_int_equal(u, 1001);
        assert_int_equal(idmap_user_id(m, "bad", &u), -ENOENT);
        assert_int_equal(idmap_user_id(m, "huge", &u), -ENOENT);
        assert_int_equal(idmap_user_id(m, "+nisuser", &u), -ENOENT);
        assert_string_equal(idmap_user_name(m, 0), "root"); /* first entry wins */
        assert_null(idmap_user_name(m, 4242));
        assert_int_equal(idmap_group_id(m, "etcd", &g), 0);
        assert_int_equal(g, 998);
        assert_string_equal(idmap_group_name(m, 998), "etcd");
        assert_null(idmap_group_name(m, 1001));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
