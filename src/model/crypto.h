/* crypto: certificates, private keys and SHA-256 through OpenSSL's libcrypto,
 * opened with dlopen the first time it is needed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shared/arena.h"

/* At most this many certificates are read from one file (a CA bundle). */
#define CRYPTO_MAX_CERTS 64

struct cert_info {
        char *subject;      /* "CN=kube-apiserver" (RFC 2253, one line) */
        char *issuer;
        bool self_signed;   /* issued by itself and its signature verifies with its own key */
        bool is_ca;         /* basicConstraints CA:TRUE */
        int64_t not_before; /* seconds since the epoch, UTC */
        int64_t not_after;
        char *key_type;     /* "RSA", "EC", "ED25519", "DSA", ... */
        char *key_detail;   /* "RSA 2048", "EC prime256v1", "ED25519" */
        int key_bits;
        int security_bits;  /* OpenSSL's security strength of the key */
        char *signature;    /* "sha256WithRSAEncryption" */
        char *digest;       /* "SHA256", "SHA1", "MD5"; NULL when the algorithm has none (Ed25519) */
};

/* Whether libcrypto can be loaded; *why says why not. */
int crypto_available(struct arena *a, char **why);

/* Every certificate in DATA: PEM blocks (CERTIFICATE, TRUSTED CERTIFICATE),
 * else one DER certificate. A file with no certificate, or a CERTIFICATE
 * block that does not parse, is -EBADMSG with *why naming what was found. */
int crypto_read_certs(const char *data, size_t len, struct arena *a, struct cert_info **ret,
                      size_t *ret_n, char **why);

/* Whether the private key in KEY (PEM, any type; or DER) belongs to the first
 * certificate in CERT. -EBADMSG with *why when either cannot be read. An
 * encrypted key is not decrypted (no passphrase is ever asked for). */
int crypto_key_matches(const char *cert, size_t cert_len, const char *key, size_t key_len,
                       struct arena *a, bool *ret, char **why);

/* Whether DATA holds a private key at all (a combined certificate + key file). */
bool crypto_has_private_key(const char *data, size_t len);

/* SHA-256 of a stream: init, update, final into 64 lowercase hex digits. */
struct crypto_sha256;
int crypto_sha256_new(struct arena *a, struct crypto_sha256 **ret, char **why);
int crypto_sha256_update(struct crypto_sha256 *h, const void *data, size_t len);
int crypto_sha256_final(struct crypto_sha256 *h, char hex[65]);
void crypto_sha256_free(struct crypto_sha256 *h);
