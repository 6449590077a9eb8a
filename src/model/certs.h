/* certs: the certificates the node's components are configured with. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct cert_info;
struct component_spec;
struct node;

/* One configured certificate file (or a kubeconfig's embedded certificate). */
struct cert_item {
        const struct component_spec *spec; /* configured by */
        char *cert_id;    /* the file's identity: a file several components name counts once */
        char *pair_id;    /* ... and with its key's */
        char *label;      /* the path, or "KUBECONFIG (client-certificate-data)" */
        char *configured; /* "kube-apiserver --tls-cert-file=/etc/kubernetes/pki/apiserver.crt" */
        char *data;
        size_t len;
        char *error;      /* the certificate cannot be read: why */
        bool has_key;
        char *key_label;
        char *key_data;
        size_t key_len;
        char *key_error;
        /* what the checks judge, worked out once a scan */
        bool parsed;
        struct cert_info *certs;
        size_t n_certs;
        char *parse_error;
        bool matched;
        bool key_matches;
        char *match_error;
};

/* Every certificate the running components are configured with, collected
 * once a scan: the four certificate checks judge the same files. */
struct cert_list {
        struct cert_item *items;
        size_t n, cap;
        char **seen; /* "component|file|key", to list each file once a component */
        size_t n_seen, cap_seen;
};

/* The node's certificates, collected the first time they are asked for. */
const struct cert_list *node_certs(struct node *node);
/* The certificates of ITEM, parsed the first time any check needs them (a
 * file another component names too is parsed once). */
void certs_parse_item(const struct cert_list *l, struct cert_item *it, struct arena *a);
/* Whether ITEM's key is its certificate's, worked out once. */
void certs_match_item(struct cert_item *it, struct arena *a);
/* Whether a component with certificates runs (ONLY: that one). */
bool certs_any_running(struct node *node, const struct component_spec *only);
