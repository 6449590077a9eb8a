/* mkcert: makes test certificates with exactly the properties a check looks
 * at (validity window, key type and size, signature digest, issuer), which the
 * openssl command of Debian 12 cannot all set (fixed dates in the past, MD5).
 *
 *   mkcert -o CERT [-k KEY] [-t rsa:BITS|ec:CURVE|ed25519] [-d sha256|sha1|md5]
 *          [--days N | --not-after YYYYMMDDHHMMSSZ] [--cn NAME] [--ca]
 *          [--issuer-cert F --issuer-key F] [--key-in F] [--der]
 *
 * -k may name CERT itself: the key is appended to it (a kubelet's .pem).
 * --days may be negative (an expired certificate). */
#include <getopt.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what)
{
        fprintf(stderr, "mkcert: %s\n", what);
        exit(2);
}

static EVP_PKEY *make_key(const char *type)
{
        EVP_PKEY *k = NULL;
        if (strncmp(type, "rsa:", 4) == 0)
                k = EVP_RSA_gen((unsigned)atoi(type + 4));
        else if (strncmp(type, "ec:", 3) == 0)
                k = EVP_EC_gen(type + 3);
        else if (strcmp(type, "ed25519") == 0)
                k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        if (!k)
                die("cannot make the key");
        return k;
}

static EVP_PKEY *read_key(const char *path)
{
        FILE *f = fopen(path, "r");
        if (!f)
                die("cannot open the key");
        EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
        fclose(f);
        if (!k)
                die("cannot read the key");
        return k;
}

static X509 *read_cert(const char *path)
{
        FILE *f = fopen(path, "r");
        if (!f)
                die("cannot open the issuer");
        X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
        fclose(f);
        if (!x)
                die("cannot read the issuer");
        return x;
}

int main(int argc, char **argv)
{
        const char *out = NULL, *keyout = NULL, *type = "rsa:2048", *digest = "sha256",
                   *not_after = NULL, *cn = "nodeaudit-test", *icert = NULL, *ikey = NULL,
                   *keyin = NULL;
        long days = 365;
        int ca = 0, der = 0;
        static const struct option opts[] = {
                {"days", required_argument, NULL, 'D'},
                {"not-after", required_argument, NULL, 'A'},
                {"cn", required_argument, NULL, 'c'},
                {"ca", no_argument, NULL, 'C'},
                {"issuer-cert", required_argument, NULL, 'I'},
                {"issuer-key", required_argument, NULL, 'K'},
                {"key-in", required_argument, NULL, 'i'},
                {"der", no_argument, NULL, 'R'},
                {0},
        };
        int o;
        while ((o = getopt_long(argc, argv, "o:k:t:d:", opts, NULL)) != -1) {
                switch (o) {
                case 'o': out = optarg; break;
                case 'k': keyout = optarg; break;
                case 't': type = optarg; break;
                case 'd': digest = optarg; break;
                case 'D': days = strtol(optarg, NULL, 10); break;
                case 'A': not_after = optarg; break;
                case 'c': cn = optarg; break;
                case 'C': ca = 1; break;
                case 'I': icert = optarg; break;
                case 'K': ikey = optarg; break;
                case 'i': keyin = optarg; break;
                case 'R': der = 1; break;
                default: die("usage: see the comment at the top of tests/helpers/mkcert.c");
                }
        }
        if (!out)
                die("-o CERT is required");
        EVP_PKEY *key = keyin ? read_key(keyin) : make_key(type);
        X509 *x = X509_new();
        X509_set_version(x, 2);
        unsigned char serial[8];
        RAND_bytes(serial, sizeof(serial));
        serial[0] &= 0x7f;
        BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), NULL);
        BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
        BN_free(bn);
        if (not_after) {
                if (!ASN1_TIME_set_string(X509_getm_notAfter(x), not_after))
                        die("bad --not-after");
                ASN1_TIME_set_string(X509_getm_notBefore(x), "20000101000000Z");
        } else {
                X509_gmtime_adj(X509_getm_notBefore(x), days < 0 ? (days - 30) * 86400L : -3600);
                X509_gmtime_adj(X509_getm_notAfter(x), days * 86400L);
        }
        X509_NAME *name = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
        X509_set_pubkey(x, key);
        X509 *issuer = icert ? read_cert(icert) : x;
        EVP_PKEY *signer = ikey ? read_key(ikey) : key;
        X509_set_issuer_name(x, X509_get_subject_name(issuer));
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
        X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints,
                                                  ca ? "critical,CA:TRUE" : "CA:FALSE");
        X509_add_ext(x, ext, -1);
        X509_EXTENSION_free(ext);
        const EVP_MD *md = NULL;
        if (EVP_PKEY_get_base_id(signer) != EVP_PKEY_ED25519) {
                md = EVP_get_digestbyname(digest);
                if (!md)
                        die("unknown digest");
        }
        if (!X509_sign(x, signer, md))
                die("cannot sign (the digest may be refused)");
        FILE *f = fopen(out, "w");
        if (!f)
                die("cannot write the certificate");
        if (der)
                i2d_X509_fp(f, x);
        else
                PEM_write_X509(f, x);
        fclose(f);
        if (keyout) {
                f = fopen(keyout, strcmp(keyout, out) == 0 ? "a" : "w");
                if (!f || !PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL))
                        die("cannot write the key");
                fclose(f);
        }
        if (issuer != x)
                X509_free(issuer);
        if (signer != key)
                EVP_PKEY_free(signer);
        X509_free(x);
        EVP_PKEY_free(key);
        return 0;
}
