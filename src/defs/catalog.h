/* checks: the catalog of check definitions and component files under checks/. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "defs/operators.h"
#include "defs/component-spec.h"
#include "shared/diag.h"

#define CHECK_MAX_FILE (1024 * 1024)

enum probe_id {
        PROBE_SETTING,    /* a component's effective setting */
        PROBE_FILE_MODE,  /* permission bits of files */
        PROBE_FILE_OWNER, /* user:group of files */
        PROBE_MANUAL,     /* needs a person */
        PROBE_ENCRYPTION, /* first provider for secrets in an EncryptionConfiguration */
        PROBE_AUDIT_POLICY, /* rules of an audit Policy file */
        PROBE_SSHD_OPTION,  /* sshd's effective setting */
        PROBE_SSHD_VALID,   /* whether sshd accepts its configuration */
        PROBE_SYSCTL,       /* a kernel parameter under PROC/sys */
        PROBE_FILE_CONTENT, /* the trimmed content of a small file */
        PROBE_MODULE,       /* whether a kernel module can be loaded */
        PROBE_UNIT,         /* a list directive of a systemd unit, drop-ins applied */
        PROBE_CERT,         /* one aspect of every certificate the components are configured with */
        PROBE_LISTEN,       /* where a running component listens */
        PROBE_PROCESSES,    /* every process is on the allowlist */
        _PROBE_MAX,
        _PROBE_INVALID = -EINVAL,
};

const char *probe_to_string(enum probe_id p);
/* Whether a probe's verdict comes from an operator and an expected value. */
bool probe_has_operator(enum probe_id p);

/* Which files a file probe looks at. */
enum target_kind {
        TARGET_NONE,
        TARGET_CONFIG_FILE, /* the component's --config */
        TARGET_SETTING,     /* the path in a setting */
        TARGET_PATHS,       /* literal paths */
        TARGET_UNIT,        /* a systemd unit and its drop-ins */
        TARGET_TREE,        /* everything under directories, optionally matching a glob */
        TARGET_SSHD_FILES,  /* sshd_config and every file it includes */
};

/* What a certificate check judges. */
enum cert_aspect {
        CERT_EXPIRY,       /* days until notAfter */
        CERT_KEY_STRENGTH, /* security bits of the public key */
        CERT_SIGNATURE,    /* the signature's digest */
        CERT_KEY_MATCH,    /* the configured private key is the certificate's */
        _CERT_ASPECT_MAX,
        _CERT_ASPECT_INVALID = -EINVAL,
};
enum cert_aspect cert_aspect_from_string(const char *s);

struct check {
        char *id;
        char *title;
        char *description;
        char *remediation;
        const struct component_spec *component;
        enum probe_id probe;
        const struct setting_spec **settings;
        size_t n_settings;
        enum target_kind target;
        char **paths;
        size_t n_paths;
        char *unit;
        char *match;       /* trees: basename glob */
        bool include_dirs; /* trees: the directories themselves count */
        char **keys;       /* sshd keywords, sysctl names, module names */
        size_t n_keys;
        bool any;          /* pass when any setting passes (default: all) */
        char *owner;       /* file-mode: also require this user:group (or user) */
        char *group_allowance[2]; /* file-mode: with this group, this mode is allowed */
        bool missing_fails; /* file-content: a missing file fails instead of skipping */
        enum cert_aspect aspect; /* certificate */
        unsigned *ports;         /* listening: the ports judged, */
        size_t n_ports;
        const struct setting_spec *port_setting; /* ... and the one a setting names */
        bool listen_none;        /* ... nothing may listen there (else: loopback only) */
        struct condition *when; /* applies only when this holds (NULL: always) */
        enum op op;
        char **expected;
        size_t n_expected;
        bool cis_accepts_unset; /* CIS's audit passes an unset value */
        char *file;
        unsigned line;
};

struct catalog_file;
struct condition;

struct catalog {
        struct check **checks;
        size_t n_checks, cap_checks;
        struct component_spec **components;
        size_t n_components, cap_components;
        /* Check files read but not yet parsed (catalog_open): each is parsed
         * the first time one of its checks is needed. */
        struct catalog_file *pending;
        size_t n_pending;
        struct arena *a;
};

/* Loads and validates every *.yaml under DIR. Errors name file:line in D. */
int catalog_load(const char *dir, struct arena *a, struct catalog **ret, struct diag *d);
/* As catalog_load, but a check file is parsed only when one of its checks is
 * needed (catalog_need): a scan parses the checks of its profile, not all.
 * Component files and any file whose check ids a plain look cannot list are
 * parsed at once. */
int catalog_open(const char *dir, struct arena *a, struct catalog **ret, struct diag *d);
/* Makes check ID available to catalog_find, parsing its file if need be. An
 * unknown id is not an error here (catalog_find says NULL). */
int catalog_need(struct catalog *cat, const char *id, struct diag *d);
/* Parses every file still pending. */
int catalog_need_all(struct catalog *cat, struct diag *d);
/* Loads one already-parsed definition file (checks or a component). */
int catalog_add_document(struct catalog *cat, const struct ynode *root, const char *file,
                         bool components_pass, struct arena *a, struct diag *d);
const struct check *catalog_find(const struct catalog *cat, const char *id);
const struct component_spec *catalog_component(const struct catalog *cat, const char *name);
/* Parses an expected value: a scalar or a list of scalars. */
int check_parse_expected(const struct ynode *map, const char *file, struct arena *a,
                         char ***ret, size_t *ret_n, struct diag *d);
