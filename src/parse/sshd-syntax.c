/* sshd: the tokeniser and the Include/Match structure of sshd_config. */
#include "parse/sshd-syntax.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "shared/strutil.h"

/* Every keyword OpenSSH 9.2 (with Debian's patches) accepts in sshd_config,
 * deprecated and unsupported ones included (sshd only warns about those). */
static const char *const keywords[] = {
        "acceptenv", "addressfamily", "allowagentforwarding", "allowgroups",
        "allowstreamlocalforwarding", "allowtcpforwarding", "allowusers",
        "authenticationmethods", "authorizedkeyscommand", "authorizedkeyscommanduser",
        "authorizedkeysfile", "authorizedkeysfile2", "authorizedprincipalscommand",
        "authorizedprincipalscommanduser", "authorizedprincipalsfile", "banner",
        "casignaturealgorithms", "challengeresponseauthentication", "chrootdirectory",
        "ciphers", "clientalivecountmax", "clientaliveinterval", "compression", "debianbanner",
        "denygroups", "denyusers", "disableforwarding", "dsaauthentication", "exposeauthinfo",
        "fingerprinthash", "forcecommand", "gatewayports", "gssapiauthentication",
        "gssapicleanupcredentials", "gssapikeyexchange", "gssapikexalgorithms",
        "gssapistorecredentialsonrekey", "gssapistrictacceptorcheck",
        "hostbasedacceptedalgorithms", "hostbasedacceptedkeytypes", "hostbasedauthentication",
        "hostbasedusesnamefrompacketonly", "hostcertificate", "hostdsakey", "hostkey",
        "hostkeyagent", "hostkeyalgorithms", "ignorerhosts", "ignoreuserknownhosts", "include",
        "ipqos", "kbdinteractiveauthentication", "kerberosauthentication",
        "kerberosgetafstoken", "kerberosorlocalpasswd", "kerberosticketcleanup",
        "kexalgorithms", "keyregenerationinterval", "listenaddress", "logingracetime",
        "loglevel", "logverbose", "macs", "match", "maxauthtries", "maxsessions",
        "maxstartups", "modulifile", "pamauthenticationviakbdint", "passwordauthentication",
        "permitblacklistedkeys", "permitemptypasswords", "permitlisten", "permitopen",
        "permitrootlogin", "permittty", "permittunnel", "permituserenvironment",
        "permituserrc", "persourcemaxstartups", "persourcenetblocksize", "pidfile", "port",
        "printlastlog", "printmotd", "protocol", "pubkeyacceptedalgorithms",
        "pubkeyacceptedkeytypes", "pubkeyauthentication", "pubkeyauthoptions", "rdomain",
        "rekeylimit", "revokedkeys", "rhostsauthentication", "rhostsrsaauthentication",
        "rsaauthentication", "securitykeyprovider", "serverkeybits", "setenv",
        "showpatchlevel", "skeyauthentication", "streamlocalbindmask",
        "streamlocalbindunlink", "strictmodes", "subsystem", "syslogfacility",
        "tcpkeepalive", "trustedusercakeys", "usedns", "uselogin", "usepam",
        "useprivilegeseparation", "versionaddendum", "x11displayoffset", "x11forwarding",
        "x11uselocalhost", "xauthlocation",
};

bool sshd_keyword_known(const char *lower)
{
        for (size_t i = 0; i < ELEMENTSOF(keywords); i++)
                if (streq(keywords[i], lower))
                        return true;
        return false;
}

void sshd_config_problem(struct sshd_config *cfg, struct arena *a, const char *file, unsigned line,
                    const char *what)
{
        cfg->problems = (char **)arena_grow(a, (void **)cfg->problems, cfg->n_problems,
                                            &cfg->cap_problems);
        cfg->problems[cfg->n_problems++] = arena_printf(a, "%s:%u: %s", file, line, what);
}

int sshd_split_args(const char *s, struct arena *a, char ***ret, size_t *ret_n)
{
        char **argv = NULL;
        size_t n = 0, cap = 0;
        size_t len = strlen(s);
        char *word = arena_alloc(a, len + 1);
        const char *p = s;
        for (;;) {
                while (*p == ' ' || *p == '\t')
                        p++;
                if (!*p || *p == '#')
                        break;
                size_t w = 0;
                char quote = 0;
                while (*p && (quote || (*p != ' ' && *p != '\t'))) {
                        if (*p == '\\') {
                                if (p[1] == '\'' || p[1] == '"' || p[1] == '\\' ||
                                    (!quote && p[1] == ' ')) {
                                        word[w++] = p[1];
                                        p += 2;
                                } else {
                                        word[w++] = *p++; /* an unknown escape stays */
                                }
                        } else if (!quote && (*p == '"' || *p == '\'')) {
                                quote = *p++;
                        } else if (quote && *p == quote) {
                                quote = 0;
                                p++;
                        } else {
                                word[w++] = *p++;
                        }
                }
                if (quote)
                        return -EINVAL;
                argv = (char **)arena_grow(a, (void **)argv, n, &cap);
                argv[n++] = arena_strndup(a, word, w);
        }
        argv = (char **)arena_grow(a, (void **)argv, n, &cap);
        argv[n] = NULL;
        *ret = argv;
        *ret_n = n;
        return 0;
}

void sshd_config_add_file(struct sshd_config *cfg, struct arena *a, const char *path)
{
        if (str_in_list(path, cfg->files, cfg->n_files))
                return;
        cfg->files = (char **)arena_grow(a, (void **)cfg->files, cfg->n_files, &cfg->cap_files);
        cfg->files[cfg->n_files++] = arena_strdup(a, path);
}

int sshd_config_parse(struct sshd_config *cfg, const char *file, const char *text, size_t len,
                      int depth, int match, const struct sshd_includer *inc, struct arena *a)
{
        const char *p = text, *end = text + len;
        unsigned line = 0;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
                char *s = arena_strndup(a, p, l);
                p = nl ? nl + 1 : end;
                line++;
                if (memchr(s, '\0', l)) {
                        sshd_config_problem(cfg, a, file, line, "NUL byte in line");
                        continue;
                }
                while (l > 0 && strchr(" \t\r\f", s[l - 1]))
                        s[--l] = '\0';
                char *k = s;
                while (*k == ' ' || *k == '\t')
                        k++;
                if (!*k || *k == '#')
                        continue;
                /* keyword: up to whitespace or a single '=' */
                size_t kl = strcspn(k, " \t=");
                char *keyword = arena_strndup(a, k, kl);
                for (char *c = keyword; *c; c++)
                        *c = (char)tolower((unsigned char)*c);
                char *rest = k + kl;
                while (*rest == ' ' || *rest == '\t')
                        rest++;
                if (*rest == '=') {
                        rest++;
                        while (*rest == ' ' || *rest == '\t')
                                rest++;
                }
                char **args;
                size_t n;
                if (sshd_split_args(rest, a, &args, &n) < 0) {
                        sshd_config_problem(cfg, a, file, line, "unterminated quote");
                        continue;
                }
                if (!sshd_keyword_known(keyword)) {
                        sshd_config_problem(cfg, a, file, line,
                                arena_printf(a, "unsupported option \"%s\"", keyword));
                        continue;
                }
                if (streq(keyword, "include")) {
                        if (n == 0)
                                sshd_config_problem(cfg, a, file, line, "Include needs an argument");
                        else if (inc)
                                inc->include(inc, cfg, file, line, args, n, depth, match, a);
                        continue;
                }
                if (streq(keyword, "match")) {
                        struct sshd_match *m = arena_alloc(a, sizeof(*m));
                        m->criteria = str_join(a, args, n, " ");
                        m->all = n == 1 && strcasecmp(args[0], "all") == 0;
                        m->file = arena_strdup(a, file);
                        m->line = line;
                        if (n == 0)
                                sshd_config_problem(cfg, a, file, line, "Match needs criteria");
                        cfg->matches = (struct sshd_match **)arena_grow(
                                a, (void **)cfg->matches, cfg->n_matches, &cfg->cap_matches);
                        cfg->matches[cfg->n_matches] = m;
                        match = (int)cfg->n_matches++; /* ends with this file */
                        continue;
                }
                struct sshd_entry *e = arena_alloc(a, sizeof(*e));
                e->keyword = keyword;
                e->args = args;
                e->n_args = n;
                e->file = arena_strdup(a, file);
                e->line = line;
                e->match = match;
                cfg->entries = (struct sshd_entry **)arena_grow(a, (void **)cfg->entries,
                                                                cfg->n_entries, &cfg->cap_entries);
                cfg->entries[cfg->n_entries++] = e;
        }
        return 0;
}
