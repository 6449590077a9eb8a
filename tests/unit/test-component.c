/* test-component: effective settings — defaults < config < drop-ins < flags, each with its source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/component.h"
#include "shared/strutil.h"

static const char *spec_text =
        "component: kubelet\n"
        "processes: [kubelet]\n"
        "config: {flag: config, kind: KubeletConfiguration, dir-flag: config-dir, dir-pattern: \"*.conf\"}\n"
        "flags: {booleans: [anonymous-auth], lists: [tls-cipher-suites], maps: [feature-gates],\n"
        "        values: [config, config-dir, read-only-port]}\n"
        "settings:\n"
        "  - {name: authentication.anonymous.enabled, flag: anonymous-auth, type: bool,\n"
        "     default: \"false\", flags-only-default: \"true\"}\n"
        "  - {name: readOnlyPort, flag: read-only-port, type: int, default: \"0\", flags-only-default: \"10255\"}\n"
        "  - {name: streamingConnectionIdleTimeout, flag: streaming-connection-idle-timeout,\n"
        "     type: duration, default: 4h, zero-is-unset: true}\n"
        "  - {name: tlsCipherSuites, flag: tls-cipher-suites, type: list}\n"
        "  - {name: featureGates.RotateKubeletServerCertificate, flag: feature-gates,\n"
        "     flag-key: RotateKubeletServerCertificate, type: bool, default: \"true\"}\n"
        "  - {name: hostnameOverride, flag: hostname-override, config: false, type: string}\n";

static char tmp[64];

static void put(const char *rel, const char *data, size_t len)
{
        char p[512], dir[1100];
        snprintf(p, sizeof(p), "%s/%s", tmp, rel);
        snprintf(dir, sizeof(dir), "mkdir -p \"$(dirname '%s')\"", p);
        assert_int_equal(system(dir), 0);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fwrite(data, 1, len, f);
        fclose(f);
}
#define PUT(rel, lit) put(rel, lit, sizeof(lit) - 1)

struct world {
        struct arena *a;
        struct component_spec *spec;
        struct rootfs *root, *procfs;
        struct proc_table *procs;
        struct component *c;
};

static void load(struct world *w)
{
        w->a = arena_new();
        struct ynode *doc;
        struct diag d = {0};
        assert_int_equal(ydoc_parse(spec_text, strlen(spec_text), "spec", w->a, &doc, &d), 0);
        if (component_spec_parse(doc, "spec", w->a, &w->spec, &d) < 0)
                fail_msg("spec: %u: %s", d.line, d.message);
        char p[256];
        assert_int_equal(rootfs_open(tmp, &w->root), 0);
        snprintf(p, sizeof(p), "%s/proc", tmp);
        assert_int_equal(rootfs_open(p, &w->procfs), 0);
        assert_int_equal(proc_table_load(w->procfs, w->a, &w->procs), 0);
        assert_int_equal(component_load(w->spec, w->procs, w->root, NULL, w->a, &w->c), 0);
}

static void unload(struct world *w)
{
        component_release(w->c);
        rootfs_close(w->procfs);
        rootfs_close(w->root);
        arena_free(w->a);
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

static int new_tmp(void **state)
{
        strcpy(tmp, "/tmp/nodeaudit-comp-XXXXXX");
        assert_non_null(mkdtemp(tmp));
        return 0;
}

static struct setting_value get(struct world *w, const char *name)
{
        struct setting_value v;
        const struct setting_spec *s = component_spec_setting(w->spec, name);
        assert_non_null(s);
        component_setting(w->c, s, w->a, &v);
        return v;
}

static void test_absent(void **state)
{
        PUT("proc/1/cmdline", "/sbin/init\0");
        struct world w;
        load(&w);
        assert_int_equal(w.c->state, COMPONENT_ABSENT);
        assert_non_null(strstr(w.c->reason, "no kubelet process"));
        unload(&w);
}

static void test_flags_only_defaults(void **state)
{
        PUT("proc/7/cmdline", "/usr/bin/kubelet\0--hostname-override\0node-a\0");
        struct world w;
        load(&w);
        assert_int_equal(w.c->state, COMPONENT_RUNNING);
        struct setting_value v = get(&w, "authentication.anonymous.enabled");
        assert_true(v.ok && v.is_default);
        assert_string_equal(v.value.norm, "true"); /* legacy default without --config */
        assert_int_equal(v.source, SOURCE_DEFAULT);
        assert_non_null(strstr(v.detail, "flags only"));
        v = get(&w, "readOnlyPort");
        assert_string_equal(v.value.norm, "10255");
        v = get(&w, "hostnameOverride");
        assert_int_equal(v.source, SOURCE_FLAG);
        assert_string_equal(v.value.norm, "node-a");
        assert_string_equal(v.detail, "--hostname-override node-a");
        v = get(&w, "tlsCipherSuites");
        assert_false(v.has_value);
        unload(&w);
}

static void test_precedence(void **state)
{
        /* relative --config against the cwd; drop-ins sorted; flags win */
        PUT("proc/9/cmdline", "/usr/bin/kubelet\0--config\0config.yaml\0--config-dir=/etc/kubelet.d\0"
                              "--feature-gates=RotateKubeletServerCertificate=false\0");
        char cwd[256];
        snprintf(cwd, sizeof(cwd), "%s/proc/9/cwd", tmp);
        assert_int_equal(symlink("/var/lib/kubelet", cwd), 0);
        PUT("var/lib/kubelet/config.yaml",
            "kind: KubeletConfiguration\n"
            "authentication: {anonymous: {enabled: true}}\n"
            "readOnlyPort: 10255\n"
            "streamingConnectionIdleTimeout: 0s\n"
            "tlsCipherSuites: [A, B]\n");
        PUT("etc/kubelet.d/10-a.conf", "readOnlyPort: 1\n");
        PUT("etc/kubelet.d/20-b.conf", "readOnlyPort: 2\nhostnameOverride: ignored\n");
        PUT("etc/kubelet.d/99-c.txt", "readOnlyPort: 3\n"); /* not *.conf */
        struct world w;
        load(&w);
        assert_non_null(w.c->config);
        assert_string_equal(w.c->config->path, "/var/lib/kubelet/config.yaml");
        assert_null(w.c->config->error);
        assert_int_equal(w.c->n_dropins, 2);
        struct setting_value v = get(&w, "authentication.anonymous.enabled");
        assert_int_equal(v.source, SOURCE_CONFIG);
        assert_string_equal(v.value.norm, "true");
        assert_string_equal(v.detail, "/var/lib/kubelet/config.yaml:2: authentication.anonymous.enabled");
        v = get(&w, "readOnlyPort");
        assert_int_equal(v.source, SOURCE_DROPIN);
        assert_string_equal(v.value.norm, "2");
        assert_non_null(strstr(v.detail, "20-b.conf"));
        v = get(&w, "streamingConnectionIdleTimeout");
        assert_int_equal(v.source, SOURCE_DEFAULT); /* a zero in the file is unset */
        assert_string_equal(v.value.norm, "14400");
        assert_non_null(v.note);
        v = get(&w, "featureGates.RotateKubeletServerCertificate");
        assert_int_equal(v.source, SOURCE_FLAG);
        assert_string_equal(v.value.norm, "false");
        v = get(&w, "tlsCipherSuites");
        assert_int_equal(v.value.n_items, 2);
        v = get(&w, "hostnameOverride"); /* flag-only: the drop-in key does not count */
        assert_false(v.has_value);
        unload(&w);
}

static void test_broken_config(void **state)
{
        PUT("proc/9/cmdline", "/usr/bin/kubelet\0--config=/etc/k.yaml\0--read-only-port=0\0");
        PUT("etc/k.yaml", "kind: KubeletConfiguration\nauthentication: [unclosed\n");
        struct world w;
        load(&w);
        assert_non_null(w.c->config->error);
        assert_non_null(strstr(w.c->config->error, "/etc/k.yaml:"));
        struct setting_value v = get(&w, "authentication.anonymous.enabled");
        assert_non_null(v.error); /* unknown, never a default */
        v = get(&w, "readOnlyPort"); /* a flag still decides */
        assert_null(v.error);
        assert_string_equal(v.value.norm, "0");
        unload(&w);
}

static void test_wrong_kind_and_types(void **state)
{
        PUT("proc/9/cmdline", "/usr/bin/kubelet\0--config=/etc/k.yaml\0--anonymous-auth=maybe\0");
        PUT("etc/k.yaml", "kind: KubeProxyConfiguration\n");
        struct world w;
        load(&w);
        assert_non_null(strstr(w.c->config->error, "kind"));
        struct setting_value v = get(&w, "authentication.anonymous.enabled");
        assert_non_null(strstr(v.error, "refuse"));
        unload(&w);
        new_tmp(NULL);
        PUT("proc/9/cmdline", "/usr/bin/kubelet\0--config=/etc/k.yaml\0");
        PUT("etc/k.yaml", "readOnlyPort: \"0\"\nauthentication: {anonymous: {enabled: \"false\"}}\n");
        load(&w);
        v = get(&w, "readOnlyPort");
        assert_non_null(v.error);
        assert_non_null(strstr(v.error, "/etc/k.yaml:1:"));
        v = get(&w, "authentication.anonymous.enabled");
        assert_non_null(strstr(v.error, "string"));
        unload(&w);
}

static void test_relative_without_cwd(void **state)
{
        PUT("proc/9/cmdline", "kubelet\0--config=rel.yaml\0");
        struct world w;
        load(&w);
        assert_non_null(strstr(w.c->config->error, "relative"));
        unload(&w);
}

/* Drop-ins are read up to a count and a size all told; beyond, the settings they
 * could give are an error naming the limit, and none of them is parsed. */
static void test_dropin_limits(void **state)
{
        PUT("proc/9/cmdline", "/usr/bin/kubelet\0--config-dir=/etc/kubelet.d\0--read-only-port=0\0");
        char name[64];
        for (int i = 0; i <= COMPONENT_MAX_DROPINS; i++) {
                snprintf(name, sizeof(name), "etc/kubelet.d/%03d.conf", i);
                PUT(name, "streamingConnectionIdleTimeout: 1h\n");
        }
        struct world w;
        load(&w);
        assert_int_equal(w.c->n_dropins, 0);
        struct setting_value v = get(&w, "streamingConnectionIdleTimeout");
        assert_non_null(v.error);
        assert_non_null(strstr(v.error, "/etc/kubelet.d: more than 64 drop-ins"));
        v = get(&w, "readOnlyPort"); /* a flag still decides */
        assert_null(v.error);
        unload(&w);

        new_tmp(NULL);
        PUT("proc/9/cmdline", "/usr/bin/kubelet\0--config-dir=/etc/kubelet.d\0");
        char *big = malloc(COMPONENT_MAX_DROPIN_BYTES / 2 + 1);
        assert_non_null(big);
        memset(big, '#', COMPONENT_MAX_DROPIN_BYTES / 2);
        put("etc/kubelet.d/10-a.conf", big, COMPONENT_MAX_DROPIN_BYTES / 2);
        PUT("etc/kubelet.d/20-b.conf", "streamingConnectionIdleTimeout: 1h\n");
        load(&w); /* exactly at the limit: read */
        assert_int_equal(w.c->n_dropins, 2);
        v = get(&w, "streamingConnectionIdleTimeout");
        assert_null(v.error);
        assert_int_equal(v.source, SOURCE_DROPIN);
        unload(&w);

        new_tmp(NULL);
        PUT("proc/9/cmdline", "/usr/bin/kubelet\0--config-dir=/etc/kubelet.d\0");
        put("etc/kubelet.d/10-a.conf", big, COMPONENT_MAX_DROPIN_BYTES / 2);
        put("etc/kubelet.d/11-a.conf", big, COMPONENT_MAX_DROPIN_BYTES / 2);
        PUT("etc/kubelet.d/20-b.conf", "streamingConnectionIdleTimeout: 1h\n");
        free(big);
        load(&w);
        assert_int_equal(w.c->n_dropins, 0);
        v = get(&w, "streamingConnectionIdleTimeout");
        assert_non_null(v.error);
        assert_non_null(strstr(v.error, "more than 1 MiB of drop-ins in all (3 files, "));
        unload(&w);
}

/* Every process of a name, hyperkube's subcommands included, never a lookalike. */
static void test_processes_named(void **state)
{
        PUT("proc/1/cmdline", "/sbin/init\0");
        PUT("proc/30/cmdline", "/opt/bin/hyperkube\0kubelet\0--v=2\0");
        PUT("proc/7/cmdline", "/usr/bin/kubelet\0");
        PUT("proc/8/cmdline", "/usr/bin/kubelet-healthcheck\0--kubelet\0");
        PUT("proc/9/cmdline", "kubelet\0");
        PUT("proc/12/cmdline", "/bin/sh\0-c\0kubelet\0");
        struct world w;
        load(&w);
        int *pids;
        size_t n, total;
        component_pids_named(w.procs, "kubelet", 8, w.a, &pids, &n, &total);
        assert_int_equal(n, 3);
        assert_int_equal(total, 3);
        assert_int_equal(pids[0], 7);
        assert_int_equal(pids[1], 9);
        assert_int_equal(pids[2], 30);
        component_pids_named(w.procs, "kubelet", 2, w.a, &pids, &n, &total);
        assert_int_equal(n, 2); /* at most MAX, and how many there are */
        assert_int_equal(total, 3);
        component_pids_named(NULL, "kubelet", 2, w.a, &pids, &n, &total);
        assert_int_equal(total, 0);
        unload(&w);
}

/* Every instance: those running a known executable first, then by pid, each
 * read as itself and named with its executable when it is not a known one. */
static void test_instances(void **state)
{
        PUT("proc/7/cmdline", "kubelet\0--read-only-port=7\0");
        PUT("proc/9/cmdline", "/usr/bin/kubelet\0--read-only-port=9\0");
        PUT("proc/8/cmdline", "kubelet\0--read-only-port=8\0");
        char p[256];
        snprintf(p, sizeof(p), "%s/proc/7/exe", tmp);
        assert_int_equal(symlink("/tmp/.x/kubelet", p), 0);
        snprintf(p, sizeof(p), "%s/proc/9/exe", tmp);
        assert_int_equal(symlink("/usr/bin/kubelet", p), 0);
        struct world w;
        load(&w);
        char *known[] = {"/usr/bin/kubelet", "/usr/local/bin/kubelet"};
        struct component **all;
        size_t n;
        assert_int_equal(component_load_all(w.spec, w.procs, w.root, NULL, known, 2, w.a, &all, &n), 0);
        assert_int_equal(n, 3);
        assert_int_equal(all[0]->pid, 9);
        assert_true(all[0]->exe_known);
        assert_string_equal(component_instance_name(all[0], w.a), "pid 9");
        assert_int_equal(all[1]->pid, 7);
        assert_string_equal(component_instance_name(all[1], w.a),
                            "pid 7 (/tmp/.x/kubelet, not a known kubelet executable)");
        assert_int_equal(all[2]->pid, 8);
        assert_non_null(strstr(component_instance_name(all[2], w.a), "pid 8 (executable unreadable"));
        struct setting_value v;
        component_setting(all[1], component_spec_setting(w.spec, "readOnlyPort"), w.a, &v);
        assert_string_equal(v.value.norm, "7"); /* each its own command line */
        for (size_t i = 0; i < n; i++)
                component_release(all[i]);
        /* without known paths: by pid, each named with its executable */
        assert_int_equal(component_load_all(w.spec, w.procs, w.root, NULL, NULL, 0, w.a, &all, &n), 0);
        assert_int_equal(all[0]->pid, 7);
        assert_string_equal(component_instance_name(all[0], w.a), "pid 7 (/tmp/.x/kubelet)");
        for (size_t i = 0; i < n; i++)
                component_release(all[i]);
        unload(&w);

        /* more than the limit: one more instance, broken, says how many were left out */
        new_tmp(NULL);
        char name[64];
        for (int i = 0; i < COMPONENT_MAX_INSTANCES + 3; i++) {
                snprintf(name, sizeof(name), "proc/%d/cmdline", 100 + i);
                PUT(name, "kubelet\0");
        }
        load(&w);
        assert_int_equal(component_load_all(w.spec, w.procs, w.root, NULL, NULL, 0, w.a, &all, &n), 0);
        assert_int_equal(n, COMPONENT_MAX_INSTANCES + 1);
        assert_int_equal(all[n - 1]->state, COMPONENT_BROKEN);
        assert_non_null(strstr(all[n - 1]->reason, "19 kubelet processes run; only 16 were read"));
        for (size_t i = 0; i < n; i++)
                component_release(all[i]);
        unload(&w);
}

static const char *etcd_spec =
        "component: etcd\nprocesses: [etcd]\nmanifest: etcd.yaml\n"
        "config: {flag: config-file, flags-override: false}\n"
        "flags: {style: go, booleans: [client-cert-auth], values: [config-file, cert-file]}\n"
        "settings:\n"
        "  - {name: config-file, flag: config-file, env: ETCD_CONFIG_FILE, config: false, type: string}\n"
        "  - {name: cert-file, flag: cert-file, env: ETCD_CERT_FILE, key: client-transport-security.cert-file, type: string}\n"
        "  - {name: client-cert-auth, flag: client-cert-auth, env: ETCD_CLIENT_CERT_AUTH,\n"
        "     key: client-transport-security.client-cert-auth, type: bool, default: \"false\"}\n"
        "  - {name: plugins, flag: enable, remove-flag: disable, flag-extends-default: true,\n"
        "     type: list, default: \"A,B,C\"}\n";

static struct rootfs *opened[8];
static size_t n_opened;

static void close_roots(void)
{
        while (n_opened)
                rootfs_close(opened[--n_opened]);
}

static struct component *load_etcd(struct arena *a, const char *manifest_dir)
{
        struct ynode *doc;
        struct component_spec *spec;
        struct diag d = {0};
        assert_int_equal(ydoc_parse(etcd_spec, strlen(etcd_spec), "etcd", a, &doc, &d), 0);
        if (component_spec_parse(doc, "etcd", a, &spec, &d) < 0)
                fail_msg("spec: %u: %s", d.line, d.message);
        struct rootfs *root, *procfs = NULL;
        struct proc_table *procs = NULL;
        char p[256];
        assert_int_equal(rootfs_open(tmp, &root), 0);
        snprintf(p, sizeof(p), "%s/proc", tmp);
        if (rootfs_open(p, &procfs) == 0)
                assert_int_equal(proc_table_load(procfs, a, &procs), 0);
        struct component *c;
        assert_int_equal(component_load(spec, procs, root, manifest_dir, a, &c), 0);
        rootfs_close(procfs);
        assert_true(n_opened < ELEMENTSOF(opened));
        opened[n_opened++] = root; /* closed by close_roots() at the end of the test */
        return c;
}

static struct setting_value etcd_get(struct arena *a, struct component *c, const char *name)
{
        struct setting_value v;
        component_setting(c, component_spec_setting(c->spec, name), a, &v);
        return v;
}

static void test_env_and_config_file(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        PUT("proc/5/cmdline", "etcd\0-cert-file=/flag.crt\0");
        PUT("proc/5/environ", "ETCD_CERT_FILE=/env.crt\0ETCD_CLIENT_CERT_AUTH=true\0");
        struct component *c = load_etcd(a, NULL);
        struct setting_value v = etcd_get(a, c, "cert-file");
        assert_int_equal(v.source, SOURCE_FLAG); /* flags win over the environment */
        assert_string_equal(v.value.norm, "/flag.crt");
        v = etcd_get(a, c, "client-cert-auth");
        assert_int_equal(v.source, SOURCE_ENV);
        assert_string_equal(v.value.norm, "true");
        assert_string_equal(v.detail, "ETCD_CLIENT_CERT_AUTH=true");
        /* the config file named in the environment replaces flags and environment */
        PUT("proc/6/cmdline", "etcd\0-cert-file=/flag.crt\0");
        unlink(arena_printf(a, "%s/proc/5/cmdline", tmp));
        PUT("proc/6/environ", "ETCD_CONFIG_FILE=/etc/etcd.yml\0ETCD_CLIENT_CERT_AUTH=true\0");
        PUT("etc/etcd.yml", "client-transport-security:\n  cert-file: /cfg.crt\n");
        c = load_etcd(a, NULL);
        assert_non_null(c->config);
        v = etcd_get(a, c, "cert-file");
        assert_int_equal(v.source, SOURCE_CONFIG);
        assert_string_equal(v.value.norm, "/cfg.crt");
        assert_non_null(strstr(v.note, "ignores -cert-file=/flag.crt"));
        v = etcd_get(a, c, "client-cert-auth");
        assert_int_equal(v.source, SOURCE_DEFAULT);
        assert_string_equal(v.value.norm, "false");
        assert_non_null(strstr(v.note, "ignores ETCD_CLIENT_CERT_AUTH=true"));
        close_roots();
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

static void test_manifest(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        PUT("m/etcd.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
                           "  - name: sidecar\n    command: [sleep]\n"
                           "  - name: etcd\n    command: [etcd, --cert-file=/m.crt]\n    args: [--enable=D, --disable=B]\n"
                           "    env: [{name: ETCD_CLIENT_CERT_AUTH, value: \"true\"}]\n");
        struct component *c = load_etcd(a, "/m");
        assert_int_equal(c->state, COMPONENT_RUNNING);
        assert_string_equal(c->manifest_path, "/m/etcd.yaml");
        struct setting_value v = etcd_get(a, c, "cert-file");
        assert_int_equal(v.source, SOURCE_MANIFEST);
        assert_string_equal(v.detail, "--cert-file=/m.crt in /m/etcd.yaml");
        v = etcd_get(a, c, "client-cert-auth");
        assert_int_equal(v.source, SOURCE_ENV);
        v = etcd_get(a, c, "plugins"); /* defaults, plus --enable, minus --disable */
        assert_string_equal(v.value.norm, "A,C,D");
        PUT("m/etcd.yaml", "spec:\n  containers:\n  - name: etcd\n    command: {a: b}\n");
        c = load_etcd(a, "/m");
        assert_int_equal(c->state, COMPONENT_BROKEN);
        assert_non_null(strstr(c->reason, "/m/etcd.yaml:4: command must be a list"));
        PUT("m/etcd.yaml", "spec: [\n");
        c = load_etcd(a, "/m");
        assert_int_equal(c->state, COMPONENT_BROKEN);
        assert_non_null(strstr(c->reason, "/m/etcd.yaml:"));
        close_roots();
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

static void test_spec_errors(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *bad[] = {
                "component: x\nsettings: []\n",                                     /* no processes */
                "component: x\nprocesses: [x]\nsettings: [{name: a, type: float, flag: a}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: a, type: bool, flag: a, default: maybe}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: a, type: int, config: false}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: a, type: int, flag: a}, {name: a, type: int, flag: b}]\n",
                "component: x\nprocesses: [x]\nbogus: 1\nsettings: []\n",
                /* certificates: a known path setting, cert or kubeconfig, absolute fallbacks */
                "component: x\nprocesses: [x]\nsettings: [{name: c, flag: c, type: string, path: true}]\n"
                "certificates: [{cert: nope, use: u}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: c, flag: c, type: string}]\n"
                "certificates: [{cert: c, use: u}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: c, flag: c, type: string, path: true}]\n"
                "certificates: [{cert: c, kubeconfig: c, use: u}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: c, flag: c, type: string, path: true}]\n"
                "certificates: [{cert: c}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: c, flag: c, type: string, path: true}]\n"
                "certificates: [{kubeconfig: c, key: c, use: u}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: c, flag: c, type: string, path: true}]\n"
                "certificates: [{cert: c, use: u, otherwise: [{cert: rel.crt}]}]\n",
                "component: x\nprocesses: [x]\nsettings: [{name: c, flag: c, type: string, path: true}]\n"
                "certificates: {cert: c, use: u}\n",
        };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                struct ynode *doc;
                struct component_spec *s;
                struct diag d = {0};
                assert_int_equal(ydoc_parse(bad[i], strlen(bad[i]), "bad", a, &doc, &d), 0);
                assert_int_equal(component_spec_parse(doc, "bad", a, &s, &d), -EINVAL);
                assert_true(d.line > 0);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup(test_absent, new_tmp),
                cmocka_unit_test_setup(test_flags_only_defaults, new_tmp),
                cmocka_unit_test_setup(test_precedence, new_tmp),
                cmocka_unit_test_setup(test_broken_config, new_tmp),
                cmocka_unit_test_setup(test_wrong_kind_and_types, new_tmp),
                cmocka_unit_test_setup(test_relative_without_cwd, new_tmp),
                cmocka_unit_test_setup(test_dropin_limits, new_tmp),
                cmocka_unit_test_setup(test_processes_named, new_tmp),
                cmocka_unit_test_setup(test_instances, new_tmp),
                cmocka_unit_test(test_spec_errors),
                cmocka_unit_test_setup(test_env_and_config_file, new_tmp),
                cmocka_unit_test_setup(test_manifest, new_tmp),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
