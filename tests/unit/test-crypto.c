/* test-crypto: certificates and keys as libcrypto reads them for the
 * certificate checks — PEM, DER, bundles, combined files, every key type and
 * digest the checks judge — and what is refused, each with its reason. The
 * certificates come from tests/helpers/mkcert ($MKCERT), made fresh in a temp dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "io/localfs.h"
#include "io/rootfs.h"
#include "model/crypto.h"
#include "shared/strutil.h"

static char dir[] = "/tmp/test-crypto-XXXXXX";
static struct arena *a;

static void run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void run(const char *fmt, ...)
{
        char cmd[2048];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(cmd, sizeof(cmd), fmt, ap);
        va_end(ap);
        if (system(cmd) != 0)
                fail_msg("failed: %s", cmd);
}

static char *slurp(const char *name, size_t *len)
{
        char *buf;
        char *path = arena_printf(a, "%s/%s", dir, name);
        assert_int_equal(local_read_file(path, 1 << 20, a, &buf, len), 0);
        return buf;
}

static int setup(void **state)
{
        const char *mk = getenv("MKCERT");
        if (!mk || !mkdtemp(dir))
                return -1;
        a = arena_new();
        run("cd %s && %s -o rsa.crt -k rsa.key --cn leaf --days 400 && "
            "%s -o ca.crt -k ca.key --ca --cn root --days 3650 && "
            "%s -o signed.crt -k signed.key --issuer-cert ca.crt --issuer-key ca.key --cn signed && "
            "%s -o weak.crt -k weak.key -t rsa:1024 -d sha1 --not-after 20200101000000Z && "
            "%s -o md5.crt -d md5 && %s -o ec.pem -k ec.pem -t ec:prime256v1 && "
            "%s -o ed.crt -t ed25519 && %s -o der.crt --der --cn der && "
            "cat rsa.crt ca.crt > bundle.crt",
            dir, mk, mk, mk, mk, mk, mk, mk, mk);
        return 0;
}

static int teardown(void **state)
{
        run("rm -rf %s", dir);
        arena_free(a);
        return 0;
}

static struct cert_info *read_one(const char *name, size_t *n)
{
        size_t len;
        char *buf = slurp(name, &len), *why = NULL;
        struct cert_info *ci;
        int err = crypto_read_certs(buf, len, a, &ci, n, &why);
        if (err < 0)
                fail_msg("%s: %s", name, why);
        return ci;
}

static void test_rsa(void **state)
{
        size_t n;
        struct cert_info *ci = read_one("rsa.crt", &n);
        assert_int_equal(n, 1);
        assert_string_equal(ci->key_detail, "RSA 2048");
        assert_string_equal(ci->key_type, "RSA");
        assert_int_equal(ci->security_bits, 112);
        assert_string_equal(ci->signature, "sha256WithRSAEncryption");
        assert_string_equal(ci->digest, "SHA256");
        assert_string_equal(ci->subject, "CN=leaf");
        assert_true(ci->self_signed);
        assert_false(ci->is_ca);
        int64_t days = (ci->not_after - (int64_t)time(NULL)) / 86400;
        assert_true(days >= 399 && days <= 400);
}

static void test_issued_and_ca(void **state)
{
        size_t n;
        struct cert_info *ci = read_one("signed.crt", &n);
        assert_false(ci->self_signed);
        assert_string_equal(ci->issuer, "CN=root");
        ci = read_one("ca.crt", &n);
        assert_true(ci->is_ca);
        assert_true(ci->self_signed);
}

static void test_weak_and_digests(void **state)
{
        size_t n;
        struct cert_info *ci = read_one("weak.crt", &n);
        assert_string_equal(ci->key_detail, "RSA 1024");
        assert_int_equal(ci->security_bits, 80);
        assert_string_equal(ci->digest, "SHA1");
        assert_int_equal(ci->not_after, 1577836800); /* 2020-01-01T00:00:00Z */
        ci = read_one("md5.crt", &n);
        assert_string_equal(ci->digest, "MD5");
        assert_string_equal(ci->signature, "md5WithRSAEncryption");
        ci = read_one("ec.pem", &n);
        assert_int_equal(n, 1); /* the key block beside it is not a certificate */
        assert_string_equal(ci->key_detail, "EC prime256v1");
        assert_int_equal(ci->security_bits, 128);
        assert_string_equal(ci->digest, "SHA256");
        ci = read_one("ed.crt", &n);
        assert_string_equal(ci->key_detail, "ED25519");
        assert_null(ci->digest); /* EdDSA has no separate digest */
}

static void test_der_and_bundle(void **state)
{
        size_t n;
        struct cert_info *ci = read_one("der.crt", &n);
        assert_int_equal(n, 1);
        assert_string_equal(ci->subject, "CN=der");
        ci = read_one("bundle.crt", &n);
        assert_int_equal(n, 2);
        assert_string_equal(ci[0].subject, "CN=leaf");
        assert_string_equal(ci[1].subject, "CN=root");
}

static void refused(const char *data, size_t len, const char *why_has)
{
        struct cert_info *ci;
        size_t n;
        char *why = NULL;
        assert_int_equal(crypto_read_certs(data, len, a, &ci, &n, &why), -EBADMSG);
        assert_non_null(why);
        if (!strstr(why, why_has))
                fail_msg("\"%s\" does not say \"%s\"", why, why_has);
}

static void test_refused(void **state)
{
        refused("", 0, "empty");
        refused("hello\n", 6, "neither PEM nor DER");
        size_t len;
        char *key = slurp("rsa.key", &len);
        refused(key, len, "holds a PRIVATE KEY block and no CERTIFICATE");
        refused("-----BEGIN CERTIFICATE-----\n", 28, "does not decode");
        refused("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", 58,
                "not a valid X.509 certificate");
        char *crt = slurp("rsa.crt", &len);
        refused(crt, len / 2, "does not decode"); /* cut in the middle */
        /* more certificates than a file may hold */
        struct strbuf sb = {0};
        for (int i = 0; i <= CRYPTO_MAX_CERTS; i++)
                strbuf_puts(&sb, crt);
        refused(sb.buf, sb.len, "more than 64 certificates");
        strbuf_free(&sb);
        /* DER that is not a certificate */
        refused("\x30\x03\x02\x01\x01", 5, "neither PEM nor DER");
}

static void key_match(const char *crt, const char *key, int want_err, bool want)
{
        size_t clen, klen;
        char *c = slurp(crt, &clen), *k = slurp(key, &klen), *why = NULL;
        bool match = !want;
        int err = crypto_key_matches(c, clen, k, klen, a, &match, &why);
        if (err != want_err)
                fail_msg("%s with %s: %d (%s)", crt, key, err, why ? why : "");
        if (!err)
                assert_int_equal(match, want);
}

static void test_key_match(void **state)
{
        key_match("rsa.crt", "rsa.key", 0, true);
        key_match("ec.pem", "ec.pem", 0, true); /* a combined file */
        key_match("signed.crt", "signed.key", 0, true);
        key_match("rsa.crt", "ca.key", 0, false);
        key_match("ec.pem", "rsa.key", 0, false); /* another key type altogether */
        key_match("rsa.crt", "rsa.crt", -EBADMSG, false); /* no key in the key file */
        key_match("rsa.key", "rsa.key", -EBADMSG, false); /* no certificate */
        run("cd %s && openssl pkcs8 -topk8 -in rsa.key -out enc.key -passout pass:secret "
            "-v2 aes-256-cbc 2>/dev/null", dir);
        size_t clen, klen;
        char *c = slurp("rsa.crt", &clen), *k = slurp("enc.key", &klen), *why = NULL;
        bool match;
        assert_int_equal(crypto_key_matches(c, clen, k, klen, a, &match, &why), -EBADMSG);
        assert_non_null(strstr(why, "encrypted"));
        assert_true(crypto_has_private_key(k, klen));
        assert_false(crypto_has_private_key(c, clen));
}

static void test_sha256(void **state)
{
        struct crypto_sha256 *h;
        char *why, hex[65];
        assert_int_equal(crypto_sha256_new(a, &h, &why), 0);
        assert_int_equal(crypto_sha256_update(h, "a", 1), 0);
        assert_int_equal(crypto_sha256_update(h, "bc", 2), 0);
        assert_int_equal(crypto_sha256_final(h, hex), 0);
        crypto_sha256_free(h);
        assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_int_equal(crypto_sha256_new(a, &h, &why), 0);
        assert_int_equal(crypto_sha256_final(h, hex), 0);
        crypto_sha256_free(h);
        assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rsa),           cmocka_unit_test(test_issued_and_ca),
                cmocka_unit_test(test_weak_and_digests), cmocka_unit_test(test_der_and_bundle),
                cmocka_unit_test(test_refused),       cmocka_unit_test(test_key_match),
                cmocka_unit_test(test_sha256),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
