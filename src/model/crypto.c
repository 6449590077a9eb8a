/* crypto: certificates, private keys and SHA-256 through OpenSSL's libcrypto.
 *
 * X.509 is not parsed here: libcrypto does it. The library is opened with
 * dlopen the first time a certificate or a digest is needed, as libkmod is,
 * so that a scan without certificate checks does not pay for loading it. It
 * is initialised without reading openssl.cnf (the scanner's own host's
 * configuration has no say in what a node's certificate is), and no
 * passphrase callback ever prompts. */
#include "model/crypto.h"

#include <errno.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "shared/dl.h"
#include "shared/strutil.h"

#define CRYPTO_SYMBOLS(X)                                                                      \
        X(OPENSSL_init_crypto) X(BIO_new_mem_buf) X(BIO_free) X(PEM_read_bio) X(CRYPTO_free)  \
        X(d2i_X509) X(X509_free) X(X509_get0_notAfter) X(X509_get0_notBefore)                \
        X(ASN1_TIME_to_tm) X(X509_get0_pubkey) X(EVP_PKEY_get_base_id) X(EVP_PKEY_get_bits)  \
        X(EVP_PKEY_get_security_bits) X(EVP_PKEY_get_group_name) X(X509_get_signature_nid)  \
        X(X509_get_signature_info) X(OBJ_nid2ln) X(OBJ_nid2sn) X(X509_get_subject_name)      \
        X(X509_get_issuer_name) X(X509_NAME_oneline) X(X509_self_signed) X(X509_check_ca)    \
        X(X509_check_private_key) X(d2i_AutoPrivateKey) X(EVP_PKEY_free) X(ERR_clear_error)  \
        X(EVP_MD_CTX_new) X(EVP_MD_CTX_free) X(EVP_DigestInit_ex) X(EVP_DigestUpdate)        \
        X(EVP_DigestFinal_ex) X(EVP_sha256) X(PEM_read_bio_PrivateKey) X(ERR_peek_last_error)

#define CRYPTO_POINTER(name) static __typeof__(name) *sym_##name;
CRYPTO_SYMBOLS(CRYPTO_POINTER)
#undef CRYPTO_POINTER

static const char *const crypto_names[] = {CRYPTO_SYMBOLS(DL_NAME)};
static void **const crypto_slots[] = {CRYPTO_SYMBOLS(DL_SLOT)};
static struct dl_library libcrypto = {"libcrypto.so.3", crypto_names, crypto_slots,
                                      ELEMENTSOF(crypto_names)};

int crypto_available(struct arena *a, char **why)
{
        static bool initialised;
        int err = dl_load(&libcrypto, a, why);
        if (err < 0 || initialised)
                return err;
        if (!sym_OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL)) {
                *why = arena_strdup(a, "libcrypto cannot be initialised");
                return -ENOENT;
        }
        initialised = true;
        return 0;
}

/* No passphrase: an encrypted key is reported, never decrypted. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
        return -1;
}

static int64_t asn1_time(const ASN1_TIME *t)
{
        struct tm tm = {0};
        if (!t || !sym_ASN1_TIME_to_tm(t, &tm))
                return INT64_MIN;
        return (int64_t)timegm(&tm);
}

static char *name_text(const X509_NAME *n, struct arena *a)
{
        char buf[512];
        if (!n || !sym_X509_NAME_oneline(n, buf, sizeof(buf)))
                return arena_strdup(a, "?");
        /* "/CN=x/O=y" as "CN=x, O=y" */
        char *s = arena_strdup(a, buf[0] == '/' ? buf + 1 : buf);
        struct strbuf sb = {0};
        for (char *p = s; *p; p++)
                if (*p == '/' && p[1] && strchr(p + 1, '='))
                        strbuf_puts(&sb, ", ");
                else
                        strbuf_putc(&sb, *p);
        char *out = arena_strdup(a, sb.buf ? sb.buf : "");
        strbuf_free(&sb);
        return out;
}

static void describe(X509 *x, struct arena *a, struct cert_info *ci)
{
        ci->subject = name_text(sym_X509_get_subject_name(x), a);
        ci->issuer = name_text(sym_X509_get_issuer_name(x), a);
        ci->not_before = asn1_time(sym_X509_get0_notBefore(x));
        ci->not_after = asn1_time(sym_X509_get0_notAfter(x));
        ci->self_signed = sym_X509_self_signed(x, 1) == 1;
        ci->is_ca = sym_X509_check_ca(x) != 0;
        EVP_PKEY *k = sym_X509_get0_pubkey(x);
        if (k) {
                int id = sym_EVP_PKEY_get_base_id(k);
                const char *sn = id != NID_undef ? sym_OBJ_nid2sn(id) : NULL;
                ci->key_type = arena_strdup(a, id == EVP_PKEY_RSA  ? "RSA"
                                               : id == EVP_PKEY_EC ? "EC"
                                               : id == EVP_PKEY_DSA ? "DSA"
                                               : sn ? sn : "unknown");
                ci->key_bits = sym_EVP_PKEY_get_bits(k);
                ci->security_bits = sym_EVP_PKEY_get_security_bits(k);
                char group[80];
                size_t glen = 0;
                if (id == EVP_PKEY_EC && sym_EVP_PKEY_get_group_name(k, group, sizeof(group), &glen))
                        ci->key_detail = arena_printf(a, "EC %s", group);
                else if (id == EVP_PKEY_RSA || id == EVP_PKEY_DSA)
                        ci->key_detail = arena_printf(a, "%s %d", ci->key_type, ci->key_bits);
                else
                        ci->key_detail = arena_strdup(a, ci->key_type);
        } else {
                ci->key_type = arena_strdup(a, "unknown");
                ci->key_detail = arena_strdup(a, "an unsupported public key");
        }
        int nid = sym_X509_get_signature_nid(x);
        const char *ln = nid != NID_undef ? sym_OBJ_nid2ln(nid) : NULL;
        ci->signature = arena_strdup(a, ln ? ln : "unknown");
        int mdnid = NID_undef;
        if (sym_X509_get_signature_info(x, &mdnid, NULL, NULL, NULL) && mdnid != NID_undef) {
                const char *md = sym_OBJ_nid2sn(mdnid);
                ci->digest = md ? arena_strdup(a, md) : NULL;
        }
        sym_ERR_clear_error();
}

static bool is_cert_block(const char *name)
{
        return streq(name, "CERTIFICATE") || streq(name, "X509 CERTIFICATE") ||
               streq(name, "TRUSTED CERTIFICATE");
}

/* Each PEM block of DATA, in order: CB gets its name and decoded bytes.
 * Returns the number of blocks, or -EBADMSG when a block is broken. */
typedef int (*pem_block_fn)(const char *name, const unsigned char *der, long len, void *u);
static int each_pem_block(const char *data, size_t len, pem_block_fn cb, void *u, char **broken)
{
        if (len > INT32_MAX)
                return -EFBIG;
        BIO *bio = sym_BIO_new_mem_buf(data, (int)len);
        if (!bio)
                return -ENOMEM;
        int n = 0, r = 0;
        for (;;) {
                char *name = NULL, *header = NULL;
                unsigned char *der = NULL;
                long dlen = 0;
                sym_ERR_clear_error();
                if (!sym_PEM_read_bio(bio, &name, &header, &der, &dlen)) {
                        unsigned long e = sym_ERR_peek_last_error();
                        if (!(ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE)) {
                                if (broken)
                                        *broken = "a PEM block that does not decode (no END line, or bad base64)";
                                r = -EBADMSG;
                        }
                        break;
                }
                n++;
                r = cb(name, der, dlen, u);
                sym_CRYPTO_free(name, __FILE__, __LINE__);
                sym_CRYPTO_free(header, __FILE__, __LINE__);
                sym_CRYPTO_free(der, __FILE__, __LINE__);
                if (r < 0)
                        break;
        }
        sym_BIO_free(bio);
        sym_ERR_clear_error();
        return r < 0 ? r : n;
}

struct cert_collect {
        struct arena *a;
        struct cert_info *certs;
        size_t n, cap;
        char *other;     /* the first block that is not a certificate */
        char *bad;       /* a certificate block that does not parse */
        bool first_only; /* stop after one certificate (X509 kept in x) */
        X509 *x;
};

static int collect_cert(const char *name, const unsigned char *der, long len, void *u)
{
        struct cert_collect *c = u;
        if (!is_cert_block(name)) {
                if (!c->other)
                        c->other = arena_strdup(c->a, name);
                return 0;
        }
        const unsigned char *p = der;
        X509 *x = sym_d2i_X509(NULL, &p, len);
        if (!x) {
                c->bad = arena_printf(c->a, "a %s block that is not a valid X.509 certificate", name);
                return -EBADMSG;
        }
        if (c->first_only) {
                c->x = x;
                return -ECANCELED;
        }
        if (c->n >= CRYPTO_MAX_CERTS) {
                sym_X509_free(x);
                return -E2BIG;
        }
        c->certs = arena_grow_items(c->a, c->certs, c->n, &c->cap, sizeof(*c->certs));
        describe(x, c->a, &c->certs[c->n++]);
        sym_X509_free(x);
        return 0;
}

static bool looks_like_pem(const char *data, size_t len)
{
        return memmem(data, len, "-----BEGIN ", 11) != NULL;
}

int crypto_read_certs(const char *data, size_t len, struct arena *a, struct cert_info **ret,
                      size_t *ret_n, char **why)
{
        int err;
        if ((err = crypto_available(a, why)) < 0)
                return err;
        struct cert_collect c = {.a = a};
        if (looks_like_pem(data, len)) {
                char *broken = NULL;
                err = each_pem_block(data, len, collect_cert, &c, &broken);
                if (err == -E2BIG) {
                        *why = arena_printf(a, "more than %d certificates", CRYPTO_MAX_CERTS);
                        return -EBADMSG;
                }
                if (err < 0) {
                        *why = c.bad ? c.bad : arena_strdup(a, broken ? broken : "unreadable PEM");
                        return -EBADMSG;
                }
        } else if (len > 0 && len < INT32_MAX) {
                const unsigned char *p = (const unsigned char *)data;
                X509 *x = sym_d2i_X509(NULL, &p, (long)len);
                sym_ERR_clear_error();
                if (x) {
                        c.certs = arena_grow_items(a, c.certs, 0, &c.cap, sizeof(*c.certs));
                        describe(x, a, &c.certs[c.n++]);
                        sym_X509_free(x);
                }
        }
        if (!c.n) {
                if (c.other)
                        *why = arena_printf(a, "not a certificate: the file holds a %s block and no "
                                               "CERTIFICATE", c.other);
                else if (!len)
                        *why = arena_strdup(a, "not a certificate: the file is empty");
                else
                        *why = arena_strdup(a, "not a certificate: neither PEM nor DER X.509");
                return -EBADMSG;
        }
        *ret = c.certs;
        *ret_n = c.n;
        return 0;
}

struct key_find {
        EVP_PKEY *key;
        bool encrypted;
};

static int find_key(const char *name, const unsigned char *der, long len, void *u)
{
        struct key_find *k = u;
        if (streq(name, "ENCRYPTED PRIVATE KEY") || strstr(name, "ENCRYPTED")) {
                k->encrypted = true;
                return 0;
        }
        if (!str_endswith(name, "PRIVATE KEY"))
                return 0;
        const unsigned char *p = der;
        k->key = sym_d2i_AutoPrivateKey(NULL, &p, len);
        return k->key ? -ECANCELED : 0;
}

bool crypto_has_private_key(const char *data, size_t len)
{
        return memmem(data, len, "PRIVATE KEY-----", 16) != NULL;
}

int crypto_key_matches(const char *cert, size_t cert_len, const char *key, size_t key_len,
                       struct arena *a, bool *ret, char **why)
{
        int err;
        if ((err = crypto_available(a, why)) < 0)
                return err;
        struct cert_collect c = {.a = a, .first_only = true};
        if (looks_like_pem(cert, cert_len)) {
                each_pem_block(cert, cert_len, collect_cert, &c, NULL);
        } else if (cert_len < INT32_MAX) {
                const unsigned char *p = (const unsigned char *)cert;
                c.x = sym_d2i_X509(NULL, &p, (long)cert_len);
        }
        if (!c.x) {
                *why = arena_strdup(a, "the certificate cannot be read");
                sym_ERR_clear_error();
                return -EBADMSG;
        }
        struct key_find k = {0};
        if (looks_like_pem(key, key_len)) {
                char *broken = NULL;
                each_pem_block(key, key_len, find_key, &k, &broken);
                if (!k.key && !k.encrypted && broken) {
                        /* PEM_read_bio_PrivateKey knows legacy encrypted headers too. */
                        BIO *bio = sym_BIO_new_mem_buf(key, (int)key_len);
                        if (bio) {
                                k.key = sym_PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
                                sym_BIO_free(bio);
                        }
                }
        } else if (key_len < INT32_MAX) {
                const unsigned char *p = (const unsigned char *)key;
                k.key = sym_d2i_AutoPrivateKey(NULL, &p, (long)key_len);
        }
        sym_ERR_clear_error();
        if (!k.key) {
                sym_X509_free(c.x);
                *why = arena_strdup(a, k.encrypted ? "the private key is encrypted (Kubernetes "
                                                     "components cannot read it either)"
                                                   : "no private key in the key file");
                return -EBADMSG;
        }
        *ret = sym_X509_check_private_key(c.x, k.key) == 1;
        sym_ERR_clear_error();
        sym_EVP_PKEY_free(k.key);
        sym_X509_free(c.x);
        return 0;
}

struct crypto_sha256 {
        EVP_MD_CTX *ctx;
};

int crypto_sha256_new(struct arena *a, struct crypto_sha256 **ret, char **why)
{
        int err;
        if ((err = crypto_available(a, why)) < 0)
                return err;
        struct crypto_sha256 *h = arena_alloc(a, sizeof(*h));
        h->ctx = sym_EVP_MD_CTX_new();
        if (!h->ctx || !sym_EVP_DigestInit_ex(h->ctx, sym_EVP_sha256(), NULL)) {
                crypto_sha256_free(h);
                *why = arena_strdup(a, "SHA-256 is not available");
                return -ENOSYS;
        }
        *ret = h;
        return 0;
}

int crypto_sha256_update(struct crypto_sha256 *h, const void *data, size_t len)
{
        return sym_EVP_DigestUpdate(h->ctx, data, len) ? 0 : -EIO;
}

int crypto_sha256_final(struct crypto_sha256 *h, char hex[65])
{
        unsigned char md[32];
        unsigned int n = 0;
        if (!sym_EVP_DigestFinal_ex(h->ctx, md, &n) || n != 32)
                return -EIO;
        for (unsigned i = 0; i < 32; i++)
                snprintf(hex + 2 * i, 3, "%02x", md[i]);
        return 0;
}

void crypto_sha256_free(struct crypto_sha256 *h)
{
        if (h && h->ctx) {
                sym_EVP_MD_CTX_free(h->ctx);
                h->ctx = NULL;
        }
}
