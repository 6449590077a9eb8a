/* test-sshd: the sshd_config tokeniser, Include and Match structure, normalisation and what sshd refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/sshd.h"
#include "shared/strutil.h"

static char tmp[64];

static void put(const char *rel, const char *text)
{
        char p[512], cmd[1100];
        snprintf(p, sizeof(p), "%s/%s", tmp, rel);
        snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", p);
        assert_int_equal(system(cmd), 0);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static int setup(void **state)
{
        strcpy(tmp, "/tmp/nodeaudit-sshd-XXXXXX");
        assert_non_null(mkdtemp(tmp));
        return 0;
}

static int teardown(void **state)
{
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        return system(cmd) == 0 ? 0 : -1;
}

static struct sshd_model *load(struct arena *a, struct rootfs **root)
{
        assert_int_equal(rootfs_open(tmp, root), 0);
        struct sshd_model *m;
        assert_int_equal(sshd_model_load(*root, a, &m), 0);
        return m;
}

static const char *get(struct arena *a, struct sshd_model *m, const char *kw)
{
        struct setting_value v;
        sshd_effective(m, kw, true, a, &v);
        return v.error ? "ERROR" : v.has_value ? v.value.norm : "UNSET";
}

static void test_split(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char **v;
        size_t n;
        assert_int_equal(sshd_split_args("a \"b c\" 'd e' f\\ g h#i # comment", a, &v, &n), 0);
        assert_int_equal(n, 5);
        assert_string_equal(v[1], "b c");
        assert_string_equal(v[2], "d e");
        assert_string_equal(v[3], "f g");
        assert_string_equal(v[4], "h#i"); /* # ends the line only at a word's start */
        assert_int_equal(sshd_split_args("\"a\\\"b\" \\x", a, &v, &n), 0);
        assert_string_equal(v[0], "a\"b");
        assert_string_equal(v[1], "\\x"); /* unknown escapes stay */
        assert_int_equal(sshd_split_args("\"open", a, &v, &n), -EINVAL);
        assert_int_equal(sshd_split_args("   ", a, &v, &n), 0);
        assert_int_equal(n, 0);
}

static void test_first_wins_and_include(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        put("etc/ssh/sshd_config", "# comment\n\n  PermitRootLogin=no\nPERMITROOTLOGIN yes\n"
                                   "Include conf.d/*.conf /etc/ssh/absent.conf\nMaxAuthTries 5\n"
                                   "LoginGraceTime 1m30s\nLogLevel debug1\nMaxStartups 4\n");
        put("etc/ssh/conf.d/b.conf", "MaxAuthTries 3\n");
        put("etc/ssh/conf.d/a.conf", "MaxAuthTries 2\nMaxSessions 7\n");
        put("etc/ssh/conf.d/.hidden.conf", "MaxSessions 1\n");
        struct rootfs *root;
        struct sshd_model *m = load(a, &root);
        assert_int_equal(m->cfg->n_problems, 0);
        assert_string_equal(get(a, m, "permitrootlogin"), "no");
        assert_string_equal(get(a, m, "maxauthtries"), "2"); /* a.conf comes first */
        assert_string_equal(get(a, m, "maxsessions"), "7");
        assert_string_equal(get(a, m, "logingracetime"), "90");
        assert_string_equal(get(a, m, "loglevel"), "DEBUG");
        assert_string_equal(get(a, m, "maxstartups"), "4:30:4");
        assert_string_equal(get(a, m, "x11forwarding"), "no"); /* the default */
        assert_int_equal(m->cfg->n_files, 3);
        struct setting_value v;
        sshd_effective(m, "maxauthtries", true, a, &v);
        assert_non_null(strstr(v.detail, "conf.d/a.conf:1"));
        rootfs_close(root);
}

static void test_match(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        put("etc/ssh/sshd_config", "PermitRootLogin no\nInclude inc.conf\nMaxSessions 3\n"
                                   "Match User admin\n  PermitRootLogin yes\n  Include m.conf\n"
                                   "Match all\n  MaxAuthTries 2\n");
        put("etc/ssh/inc.conf", "Match Address 10.0.0.0/8\n  MaxSessions 1\n");
        put("etc/ssh/m.conf", "X11Forwarding yes\n");
        struct rootfs *root;
        struct sshd_model *m = load(a, &root);
        assert_string_equal(get(a, m, "maxsessions"), "3"); /* the Match in inc.conf ended there */
        assert_string_equal(get(a, m, "maxauthtries"), "2");
        assert_string_equal(get(a, m, "x11forwarding"), "no"); /* included inside Match User */
        struct setting_value v;
        sshd_effective(m, "permitrootlogin", true, a, &v);
        assert_string_equal(v.value.norm, "no");
        assert_non_null(v.note);
        assert_non_null(strstr(v.note, "Match User admin"));
        rootfs_close(root);
}

static void test_algorithms(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char *why;
        char *args[] = {"-*-cbc,aes192*"};
        char *v = sshd_normalize("ciphers", args, 1, a, &why);
        assert_string_equal(v, "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr,"
                               "aes128-gcm@openssh.com,aes256-gcm@openssh.com");
        char *plus[] = {"+3des-cbc"};
        assert_non_null(strstr(sshd_normalize("ciphers", plus, 1, a, &why), ",3des-cbc"));
        char *caret[] = {"^hmac-sha1"};
        assert_true(strncmp(sshd_normalize("macs", caret, 1, a, &why), "hmac-sha1,umac-64-etm", 21) == 0);
        char *bad[] = {"aes128-ctr,rot13"};
        assert_null(sshd_normalize("ciphers", bad, 1, a, &why));
        assert_non_null(strstr(why, "rot13"));
        char *space[] = {"aes128-ctr,", "aes256-ctr"};
        assert_null(sshd_normalize("ciphers", space, 2, a, &why));
        char *wild[] = {"aes*"};
        assert_null(sshd_normalize("ciphers", wild, 1, a, &why)); /* wildcards only after - */
}

static void test_refused(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        put("etc/ssh/sshd_config", "PermitRootLogin no\nPermitRootLogin maybe\nNoSuchThing 1\n"
                                   "MaxStartups 10:30:5\nLoginGraceTime 2x\nX11Forwarding\n"
                                   "Banner \"unterminated\n");
        struct rootfs *root;
        struct sshd_model *m = load(a, &root);
        assert_int_equal(m->cfg->n_problems, 6);
        struct strbuf all = {0};
        for (size_t i = 0; i < m->cfg->n_problems; i++)
                strbuf_printf(&all, "%s\n", m->cfg->problems[i]);
        assert_non_null(strstr(all.buf, "sshd_config:3: unsupported option \"nosuchthing\""));
        assert_non_null(strstr(all.buf, "sshd_config:7: unterminated quote"));
        assert_non_null(strstr(all.buf, "sshd_config:2: bad value \"maybe\""));
        assert_non_null(strstr(all.buf, "sshd_config:6: missing argument"));
        strbuf_free(&all);
        /* the first value still decides what is reported; the problems are reported apart */
        assert_string_equal(get(a, m, "permitrootlogin"), "no");
        assert_string_equal(get(a, m, "logingracetime"), "ERROR");
        rootfs_close(root);
}

static void test_disable_forwarding(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        put("etc/ssh/sshd_config", "DisableForwarding yes\nX11Forwarding yes\n");
        struct rootfs *root;
        struct sshd_model *m = load(a, &root);
        struct setting_value v;
        sshd_effective(m, "x11forwarding", false, a, &v);
        assert_string_equal(v.value.norm, "yes"); /* as sshd -T prints it */
        sshd_effective(m, "x11forwarding", true, a, &v);
        assert_string_equal(v.value.norm, "no"); /* as sshd applies it */
        assert_non_null(strstr(v.note, "DisableForwarding"));
        rootfs_close(root);
}

static void test_missing(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct rootfs *root;
        assert_int_equal(rootfs_open(tmp, &root), 0);
        struct sshd_model *m;
        assert_int_equal(sshd_model_load(root, a, &m), -ENOENT);
        rootfs_close(root);
}

static int fresh(void **state)
{
        teardown(state);
        return setup(state);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_split),
                cmocka_unit_test_setup(test_first_wins_and_include, fresh),
                cmocka_unit_test_setup(test_match, fresh),
                cmocka_unit_test(test_algorithms),
                cmocka_unit_test_setup(test_refused, fresh),
                cmocka_unit_test_setup(test_disable_forwarding, fresh),
                cmocka_unit_test_setup(test_missing, fresh),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
