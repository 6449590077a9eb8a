/* sshd: values normalised as `sshd -T` prints them, algorithm lists assembled as OpenSSH does. */
#include "model/sshd.h"

#include "model/sshd-files.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "shared/strutil.h"

enum kind {
        K_YESNO,
        K_INT,
        K_TIME,
        K_LOGLEVEL,
        K_PERMITROOT,
        K_MAXSTARTUPS,
        K_ALGS,
        K_STRING,
        K_MULTI,
        K_USERENV,
};

/* OpenSSH 9.2p1 as Debian 12 builds it: what `sshd -T` prints for an empty config,
 * and `ssh -Q cipher|mac|kex` for what it supports. */
#define CIPHERS_DEFAULT "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr," \
                        "aes128-gcm@openssh.com,aes256-gcm@openssh.com"
#define CIPHERS_ALL "3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,aes128-ctr,aes192-ctr," \
                    "aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com," \
                    "chacha20-poly1305@openssh.com"
#define MACS_DEFAULT "umac-64-etm@openssh.com,umac-128-etm@openssh.com," \
                     "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com," \
                     "hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com," \
                     "hmac-sha2-256,hmac-sha2-512,hmac-sha1"
#define MACS_ALL "hmac-sha1,hmac-sha1-96,hmac-sha2-256,hmac-sha2-512,hmac-md5,hmac-md5-96," \
                 "umac-64@openssh.com,umac-128@openssh.com,hmac-sha1-etm@openssh.com," \
                 "hmac-sha1-96-etm@openssh.com,hmac-sha2-256-etm@openssh.com," \
                 "hmac-sha2-512-etm@openssh.com,hmac-md5-etm@openssh.com," \
                 "hmac-md5-96-etm@openssh.com,umac-64-etm@openssh.com,umac-128-etm@openssh.com"
#define KEX_DEFAULT "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com," \
                    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256," \
                    "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256," \
                    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512," \
                    "diffie-hellman-group14-sha256"
#define KEX_ALL "diffie-hellman-group1-sha1,diffie-hellman-group14-sha1," \
                "diffie-hellman-group14-sha256,diffie-hellman-group16-sha512," \
                "diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha1," \
                "diffie-hellman-group-exchange-sha256,ecdh-sha2-nistp256,ecdh-sha2-nistp384," \
                "ecdh-sha2-nistp521,curve25519-sha256,curve25519-sha256@libssh.org," \
                "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com"

static const struct kw {
        const char *name;
        enum kind kind;
        const char *def;
        const char *all;
} kws[] = {
        {"permitrootlogin", K_PERMITROOT, "without-password", NULL},
        {"permitemptypasswords", K_YESNO, "no", NULL},
        {"hostbasedauthentication", K_YESNO, "no", NULL},
        {"ignorerhosts", K_YESNO, "yes", NULL},
        {"x11forwarding", K_YESNO, "no", NULL},
        {"maxauthtries", K_INT, "6", NULL},
        {"permituserenvironment", K_USERENV, "no", NULL},
        {"loglevel", K_LOGLEVEL, "INFO", NULL},
        {"maxsessions", K_INT, "10", NULL},
        {"logingracetime", K_TIME, "120", NULL},
        {"maxstartups", K_MAXSTARTUPS, "10:30:100", NULL},
        {"clientaliveinterval", K_TIME, "0", NULL},
        {"clientalivecountmax", K_INT, "3", NULL},
        {"ciphers", K_ALGS, CIPHERS_DEFAULT, CIPHERS_ALL},
        {"macs", K_ALGS, MACS_DEFAULT, MACS_ALL},
        {"kexalgorithms", K_ALGS, KEX_DEFAULT, KEX_ALL},
        {"usepam", K_YESNO, "no", NULL},
        {"banner", K_STRING, "none", NULL},
        {"allowusers", K_MULTI, NULL, NULL},
        {"allowgroups", K_MULTI, NULL, NULL},
        {"denyusers", K_MULTI, NULL, NULL},
        {"denygroups", K_MULTI, NULL, NULL},
        {"disableforwarding", K_YESNO, "no", NULL},
        {"gssapiauthentication", K_YESNO, "no", NULL},
        {"passwordauthentication", K_YESNO, "yes", NULL},
        {"pubkeyauthentication", K_YESNO, "yes", NULL},
        {"allowagentforwarding", K_YESNO, "yes", NULL},
        {"permittunnel", K_STRING, "no", NULL},
};

static const struct kw *kw_find(const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(kws); i++)
                if (streq(kws[i].name, name))
                        return &kws[i];
        return NULL;
}

const char *sshd_keyword_at(size_t i)
{
        return i < ELEMENTSOF(kws) ? kws[i].name : NULL;
}

bool sshd_keyword_modelled(const char *keyword)
{
        return kw_find(keyword) != NULL;
}

/* OpenSSH's convtime: 90, 1m30s, 2h; seconds. */
static int convtime(const char *s, long *ret)
{
        long total = 0, cur = 0;
        bool digits = false;
        if (!*s)
                return -EINVAL;
        for (const char *p = s; *p; p++) {
                if (isdigit((unsigned char)*p)) {
                        if (cur > (LONG_MAX - 9) / 10)
                                return -ERANGE;
                        cur = cur * 10 + (*p - '0');
                        digits = true;
                        continue;
                }
                long mult;
                switch (*p) {
                case 's': case 'S': mult = 1; break;
                case 'm': case 'M': mult = 60; break;
                case 'h': case 'H': mult = 3600; break;
                case 'd': case 'D': mult = 86400; break;
                case 'w': case 'W': mult = 604800; break;
                default: return -EINVAL;
                }
                if (!digits)
                        return -EINVAL;
                total += cur * mult;
                cur = 0;
                digits = false;
        }
        total += cur;
        if (total > INT_MAX)
                return -ERANGE;
        *ret = total;
        return 0;
}

/* kex_names_cat: A, then the items of B not already in A. */
static size_t cat_names(char **out, size_t n, char *const *items, size_t k)
{
        for (size_t i = 0; i < k; i++)
                if (!str_in_list(items[i], out, n))
                        out[n++] = items[i];
        return n;
}

static char *assemble_algs(const struct kw *k, const char *arg, struct arena *a, char **why)
{
        char **def, **all, **list;
        size_t n_def = str_split(a, k->def, ',', &def);
        size_t n_all = str_split(a, k->all, ',', &all);
        char mod = strchr("+-^", arg[0]) ? arg[0] : 0;
        const char *body = mod ? arg + 1 : arg;
        if (!*body || strstr(body, ",,") || body[strlen(body) - 1] == ',') {
                *why = arena_printf(a, "bad algorithm list \"%s\"", arg);
                return NULL;
        }
        size_t n_list = str_split(a, body, ',', &list);
        if (mod != '-')
                for (size_t i = 0; i < n_list; i++)
                        if (!str_in_list(list[i], all, n_all)) {
                                *why = arena_printf(a, "unsupported algorithm \"%s\"", list[i]);
                                return NULL;
                        }
        char **out = arena_alloc(a, (n_def + n_list + n_all + 1) * sizeof(char *));
        size_t n = 0;
        if (mod == '-') {
                /* the defaults minus every name matching a pattern */
                for (size_t i = 0; i < n_def; i++) {
                        bool drop = false;
                        for (size_t j = 0; j < n_list && !drop; j++)
                                drop = str_glob(list[j], def[i]);
                        if (!drop)
                                out[n++] = def[i];
                }
                return str_join(a, out, n, ",");
        }
        char **seq = arena_alloc(a, (n_def + n_list + 1) * sizeof(char *));
        size_t ns = 0;
        if (mod == '+') {
                ns = cat_names(seq, ns, def, n_def);
                ns = cat_names(seq, ns, list, n_list);
        } else if (mod == '^') {
                ns = cat_names(seq, ns, list, n_list);
                ns = cat_names(seq, ns, def, n_def);
        } else {
                ns = cat_names(seq, ns, list, n_list);
        }
        for (size_t i = 0; i < ns; i++)
                if (str_in_list(seq[i], all, n_all) && !str_in_list(seq[i], out, n))
                        out[n++] = seq[i];
        return str_join(a, out, n, ",");
}

char *sshd_normalize(const char *keyword, char *const *args, size_t n, struct arena *a,
                     char **ret_error)
{
        const struct kw *k = kw_find(keyword);
        *ret_error = NULL;
        if (!k)
                return n ? arena_strdup(a, args[0]) : NULL;
        if (n == 0) {
                *ret_error = arena_strdup(a, "missing argument");
                return NULL;
        }
        if (k->kind == K_MULTI)
                return str_join(a, args, n, " ");
        if (n > 1) {
                *ret_error = arena_printf(a, "garbage at end of line: \"%s\"", args[1]);
                return NULL;
        }
        const char *v = args[0];
        switch (k->kind) {
        case K_YESNO:
                if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "no") == 0)
                        return arena_printf(a, "%s", strcasecmp(v, "yes") == 0 ? "yes" : "no");
                break;
        case K_USERENV:
                if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "no") == 0)
                        return arena_printf(a, "%s", strcasecmp(v, "yes") == 0 ? "yes" : "no");
                return arena_strdup(a, v); /* a pattern list of variable names */
        case K_PERMITROOT: {
                static const char *const ok[] = {"yes", "no", "without-password",
                                                 "prohibit-password", "forced-commands-only"};
                for (size_t i = 0; i < ELEMENTSOF(ok); i++)
                        if (strcasecmp(v, ok[i]) == 0)
                                return arena_strdup(a, i == 3 ? "without-password" : ok[i]);
                break;
        }
        case K_INT: {
                int64_t i;
                if (parse_int64(v, &i) == 0 && i >= 0 && i <= INT_MAX)
                        return arena_printf(a, "%lld", (long long)i);
                break;
        }
        case K_TIME: {
                long t;
                if (convtime(v, &t) == 0)
                        return arena_printf(a, "%ld", t);
                break;
        }
        case K_LOGLEVEL: {
                static const char *const names[] = {"QUIET", "FATAL", "ERROR", "INFO",
                                                    "VERBOSE", "DEBUG", "DEBUG1", "DEBUG2",
                                                    "DEBUG3"};
                for (size_t i = 0; i < ELEMENTSOF(names); i++)
                        if (strcasecmp(v, names[i]) == 0)
                                return arena_strdup(a, i == 6 ? "DEBUG" : names[i]);
                break;
        }
        case K_MAXSTARTUPS: {
                int64_t b, r, m;
                char **parts;
                size_t np = str_split(a, v, ':', &parts);
                if (np == 1 && parse_int64(parts[0], &b) == 0 && b >= 0)
                        return arena_printf(a, "%lld:30:%lld", (long long)b, (long long)b);
                if (np == 3 && parse_int64(parts[0], &b) == 0 && parse_int64(parts[1], &r) == 0 &&
                    parse_int64(parts[2], &m) == 0 && b >= 0 && b <= m && r >= 1 && r <= 100)
                        return arena_printf(a, "%lld:%lld:%lld", (long long)b, (long long)r,
                                            (long long)m);
                break;
        }
        case K_ALGS:
                return assemble_algs(k, v, a, ret_error);
        default:
                return arena_strdup(a, v);
        }
        *ret_error = arena_printf(a, "bad value \"%s\" for %s", v, keyword);
        return NULL;
}

struct sshd_model *sshd_model_new(struct sshd_config *cfg, const char *path, struct arena *a)
{
        struct sshd_model *m = arena_alloc(a, sizeof(*m));
        m->path = arena_strdup(a, path);
        m->cfg = cfg;
        for (size_t i = 0; i < cfg->n_entries; i++) {
                const struct sshd_entry *e = cfg->entries[i];
                char *why;
                if (kw_find(e->keyword) && !sshd_normalize(e->keyword, e->args, e->n_args, a, &why)) {
                        cfg->problems = (char **)arena_grow(a, (void **)cfg->problems,
                                                            cfg->n_problems, &cfg->cap_problems);
                        cfg->problems[cfg->n_problems++] =
                                arena_printf(a, "%s:%u: %s", e->file, e->line, why);
                }
        }
        return m;
}

int sshd_model_load(struct rootfs *root, struct arena *a, struct sshd_model **ret)
{
        struct sshd_config *cfg;
        int err = sshd_files_load(root, "/etc/ssh/sshd_config", a, &cfg);
        if (err < 0)
                return err;
        *ret = sshd_model_new(cfg, "/etc/ssh/sshd_config", a);
        return 0;
}

/* Pass 0: lines in "Match all" blocks, which override the global section as
 * any matching block does; pass 1: the global section. */
static bool in_pass(const struct sshd_model *m, const struct sshd_entry *e, int pass)
{
        if (pass == 0)
                return e->match >= 0 && m->cfg->matches[e->match]->all;
        return e->match < 0;
}

static void fill(struct setting_value *ret, const char *norm, struct arena *a)
{
        ret->ok = ret->has_value = true;
        ret->value.norm = arena_strdup(a, norm);
        ret->value.raw = ret->value.norm;
        ret->value.n_items = str_split(a, norm, strchr(norm, ',') ? ',' : ' ', &ret->value.items);
}

void sshd_effective(const struct sshd_model *m, const char *keyword, bool overrides,
                    struct arena *a, struct setting_value *ret)
{
        const struct kw *k = kw_find(keyword);
        const struct sshd_config *cfg = m->cfg;
        *ret = (struct setting_value){0};
        ret->source = SOURCE_SSHD;
        if (!k) {
                ret->error = arena_printf(a, "%s is not modelled", keyword);
                return;
        }
        const struct sshd_entry *first = NULL;
        struct strbuf multi = {0};
        for (int pass = 0; pass < 2 && !first; pass++)
                for (size_t i = 0; i < cfg->n_entries; i++) {
                        const struct sshd_entry *e = cfg->entries[i];
                        if (!streq(e->keyword, keyword) || !in_pass(m, e, pass))
                                continue;
                        if (!first)
                                first = e;
                        if (k->kind == K_MULTI)
                                strbuf_printf(&multi, "%s%s", multi.len ? " " : "",
                                              str_join(a, e->args, e->n_args, " "));
                }
        char *why = NULL;
        if (first) {
                ret->detail = arena_printf(a, "%s:%u", first->file, first->line);
                char *v = k->kind == K_MULTI ? arena_strdup(a, multi.buf ? multi.buf : "")
                                             : sshd_normalize(keyword, first->args, first->n_args, a, &why);
                if (!v) {
                        ret->error = arena_printf(a, "%s:%u: %s; sshd refuses this configuration",
                                                  first->file, first->line, why);
                        strbuf_free(&multi);
                        return;
                }
                fill(ret, v, a); /* shown as sshd -T prints it; the detail says where it is written */
        } else if (k->def) {
                ret->is_default = true;
                ret->detail = arena_printf(a, "OpenSSH default (%s not set in %s)", keyword, m->path);
                fill(ret, k->def, a);
        } else {
                ret->is_default = true;
                ret->detail = arena_printf(a, "%s not set in %s", keyword, m->path);
        }
        strbuf_free(&multi);

        if (overrides && strstr(keyword, "forwarding") && !streq(keyword, "disableforwarding")) {
                struct setting_value d;
                sshd_effective(m, "disableforwarding", false, a, &d);
                if (d.ok && streq(d.value.norm, "yes") && ret->has_value &&
                    !streq(ret->value.norm, "no")) {
                        ret->note = arena_printf(a, "DisableForwarding yes (%s) turns it off", d.detail);
                        fill(ret, "no", a);
                }
        }
        /* Connections that match a Match block may get something else. */
        for (size_t i = 0; i < cfg->n_matches; i++) {
                const struct sshd_match *mt = cfg->matches[i];
                if (mt->all)
                        continue;
                for (size_t j = 0; j < cfg->n_entries; j++) {
                        const struct sshd_entry *e = cfg->entries[j];
                        if (e->match != (int)i || !streq(e->keyword, keyword))
                                continue;
                        char *v = sshd_normalize(keyword, e->args, e->n_args, a, &why);
                        if (v && (!ret->value.norm || !streq(v, ret->value.norm)))
                                ret->note = arena_printf(a, "%s%s%s:%u: \"Match %s\" sets %s %s for the connections it matches",
                                                         ret->note ? ret->note : "", ret->note ? "; " : "",
                                                         e->file, e->line, mt->criteria, keyword, v);
                        break; /* the first value in the block is the one it applies */
                }
        }
}
