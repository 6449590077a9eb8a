/* scan: opens the node, evaluates each selected entry in profile order, scores and gates. */
#include "engine/scan.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "engine/distro.h"
#include "model/modules.h"
#include "shared/strutil.h"

static const char *const status_names[_STATUS_MAX] = {
        [STATUS_PASS] = "pass",     [STATUS_FAIL] = "fail",   [STATUS_MANUAL] = "manual",
        [STATUS_SKIP] = "skip",     [STATUS_ERROR] = "error", [STATUS_WAIVED] = "waived",
};

const char *status_to_string(enum status s)
{
        return s >= 0 && s < _STATUS_MAX ? status_names[s] : "?";
}

enum fail_on fail_on_from_string(const char *s)
{
        if (streq(s, "fail"))
                return FAIL_ON_FAIL;
        if (streq(s, "error"))
                return FAIL_ON_ERROR;
        if (streq(s, "none"))
                return FAIL_ON_NONE;
        return _FAIL_ON_INVALID;
}

int scan_env_open(const char *root, const char *proc, const struct catalog *cat,
                  struct arena *a, struct scan_env **ret, char **ret_error)
{
        struct scan_env *env = arena_alloc(a, sizeof(*env));
        env->a = a;
        env->cat = cat;
        int err = rootfs_open(root, &env->root);
        if (err < 0) {
                *ret_error = arena_printf(a, "cannot open the root \"%s\": %s", root,
                                          rootfs_strerror(err));
                return err;
        }
        const char *pdir = proc ? proc : arena_printf(a, "%s%sproc", root,
                                                      str_endswith(root, "/") ? "" : "/");
        err = rootfs_open(pdir, &env->procfs);
        if (err == 0)
                err = proc_table_load(env->procfs, a, &env->procs);
        if (err < 0) {
                if (proc) {
                        *ret_error = arena_printf(a, "cannot read the process directory \"%s\": %s",
                                                  proc, rootfs_strerror(err));
                        scan_env_close(env);
                        return err;
                }
                /* An offline root (an image, a snapshot) has no processes. */
                rootfs_close(env->procfs);
                env->procfs = NULL;
                env->procs = NULL;
        }
        err = idmap_load(env->root, a, &env->ids);
        if (err < 0) {
                env->ids = NULL;
                env->ids_error = arena_strdup(a, rootfs_strerror(err));
        }
        env->components = arena_alloc(a, (cat->n_components + 1) * sizeof(*env->components));
        *ret = env;
        return 0;
}

void scan_env_close(struct scan_env *env)
{
        if (!env)
                return;
        for (size_t i = 0; env->components && i < env->cat->n_components; i++)
                component_release(env->components[i]);
        modules_close(env->modules);
        rootfs_close(env->procfs);
        rootfs_close(env->root);
        env->procfs = env->root = NULL;
}

/* Static pods live in the kubelet's staticPodPath, else where kubeadm puts them. */
const char *scan_manifest_dir(struct scan_env *env, const struct component_spec *spec)
{
        const struct component_spec *kubelet = catalog_component(env->cat, "kubelet");
        if (!spec->manifest)
                return NULL;
        if (kubelet && kubelet != spec) {
                const struct setting_spec *sp = component_spec_setting(kubelet, "staticPodPath");
                struct component *k = scan_env_component(env, kubelet);
                struct setting_value v;
                char *path, *why;
                if (sp && k->state == COMPONENT_RUNNING && !k->own_root) {
                        component_setting(k, sp, env->a, &v);
                        if (v.ok && v.has_value && *v.value.norm &&
                            component_resolve_path(k, v.value.norm, env->a, &path, &why) == 0)
                                return path;
                }
        }
        return "/etc/kubernetes/manifests";
}

struct component *scan_env_component(struct scan_env *env, const struct component_spec *spec)
{
        for (size_t i = 0; i < env->cat->n_components; i++) {
                if (env->cat->components[i] != spec)
                        continue;
                if (!env->components[i] &&
                    !distro_embedded(env, env->distro, spec, &env->components[i]))
                        component_load(spec, env->procs, env->root, scan_manifest_dir(env, spec),
                                       env->a, &env->components[i]);
                return env->components[i];
        }
        return NULL; /* not reached: checks only name catalog components */
}

const char *scan_detect_role(struct scan_env *env)
{
        int pid;
        if (proc_table_find(env->procs, "kube-apiserver", &pid) == 0)
                return "control-plane";
        if (proc_table_find(env->procs, "kubelet", &pid) == 0)
                return "worker";
        /* k3s, microk8s: the components run inside the distribution's process */
        const char *embedded = distro_role(env, env->distro);
        if (embedded)
                return embedded;
        /* Offline, or nothing runs: kubeadm's manifests still tell the role. */
        struct stat st;
        if (rootfs_stat(env->root, "/etc/kubernetes/manifests/kube-apiserver.yaml", &st) == 0 &&
            S_ISREG(st.st_mode))
                return "control-plane";
        return NULL;
}

static bool selected(const struct profile_entry *e, char *const *ids, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (streq(ids[i], e->check->id) || streq(ids[i], e->number))
                        return true;
        return false;
}

static void read_node_info(struct scan_env *env, struct node_info *ni)
{
        struct arena *a = env->a;
        char *buf;
        size_t len;
        ni->root = arena_strdup(a, rootfs_path(env->root));
        if (rootfs_read_file(env->root, "/etc/hostname", 4096, a, &buf, &len) == 0 ||
            (env->procfs &&
             rootfs_read_file(env->procfs, "sys/kernel/hostname", 4096, a, &buf, &len) == 0)) {
                buf[strcspn(buf, "\r\n")] = '\0';
                ni->hostname = buf;
        }
        if (env->procfs &&
            rootfs_read_file(env->procfs, "sys/kernel/osrelease", 4096, a, &buf, &len) == 0) {
                buf[strcspn(buf, "\r\n")] = '\0';
                ni->kernel = buf;
        }
        const char *role = scan_detect_role(env);
        ni->role = arena_strdup(a, role ? role : "none");
        ni->distribution = env->distro ? arena_strdup(a, env->distro->name) : NULL;
        ni->distribution_source = env->distribution_source ? arena_strdup(a, env->distribution_source) : NULL;
        const char *version, *source;
        scan_k8s_version(env, &version, &source);
        ni->k8s_version = (char *)version;
        ni->k8s_version_source = (char *)source;

        static const char *const watched[] = {"kubelet", "kube-proxy", "kube-apiserver",
                "kube-controller-manager", "kube-scheduler", "etcd", "containerd", "crio",
                "dockerd", "cri-dockerd"};
        int cap_last = -1;
        if (env->procfs &&
            rootfs_read_file(env->procfs, "sys/kernel/cap_last_cap", 64, a, &buf, &len) == 0) {
                int64_t v;
                buf[strcspn(buf, "\n")] = '\0';
                if (parse_int64(buf, &v) == 0)
                        cap_last = (int)v;
        }
        ni->processes = arena_alloc(a, ELEMENTSOF(watched) * sizeof(*ni->processes));
        for (size_t i = 0; i < ELEMENTSOF(watched); i++) {
                int pid;
                if (proc_table_find(env->procs, watched[i], &pid) < 0)
                        continue;
                struct node_process *p = &ni->processes[ni->n_processes++];
                p->name = watched[i];
                p->pid = pid;
                if (proc_read_label(env->procs, pid, a, &p->label) < 0)
                        p->label = NULL;
                if (proc_read_capabilities(env->procs, pid, cap_last, a, &p->capabilities) < 0)
                        p->capabilities = NULL;
        }
}

void scan_score(struct scan *s)
{
        double num = 0, den = 0;
        memset(s->counts, 0, sizeof(s->counts));
        for (size_t i = 0; i < s->n_results; i++) {
                const struct result *r = &s->results[i];
                s->counts[r->status]++;
                if (!r->entry->scored)
                        continue;
                double w = r->entry->weight;
                if (r->status == STATUS_PASS)
                        num += w;
                if (r->status == STATUS_PASS || r->status == STATUS_FAIL ||
                    r->status == STATUS_ERROR)
                        den += w;
        }
        /* Nothing evaluated is no evidence of hardening: 0, not 100. */
        s->score = den > 0 ? 100.0 * num / den : 0.0;
}

int scan_run(struct scan_env *env, const struct profile *p, char *const *only, size_t n_only,
             char *const *skip, size_t n_skip, struct scan **ret)
{
        struct timespec t0, t1, now;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        clock_gettime(CLOCK_REALTIME, &now);
        struct scan *s = arena_alloc(env->a, sizeof(*s));
        struct tm tm;
        gmtime_r(&now.tv_sec, &tm);
        strftime(s->started_at, sizeof(s->started_at), "%Y-%m-%dT%H:%M:%SZ", &tm);
        s->profile = p;
        read_node_info(env, &s->node);
        s->results = arena_alloc(env->a, (p->n_entries + 1) * sizeof(*s->results));
        for (size_t i = 0; i < p->n_entries; i++) {
                const struct profile_entry *e = p->entries[i];
                if (n_only && !selected(e, only, n_only))
                        continue;
                if (n_skip && selected(e, skip, n_skip))
                        continue;
                probe_eval(env, e, &s->results[s->n_results++]);
        }
        scan_score(s);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        s->duration_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                         (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        *ret = s;
        return 0;
}

bool scan_gate_tripped(const struct scan *s, enum fail_on f, double min_score)
{
        if (min_score >= 0 && s->score < min_score)
                return true;
        if (f == FAIL_ON_NONE)
                return false;
        for (size_t i = 0; i < s->n_results; i++) {
                const struct result *r = &s->results[i];
                if (!r->entry->scored)
                        continue;
                if (r->status == STATUS_ERROR || (f == FAIL_ON_FAIL && r->status == STATUS_FAIL))
                        return true;
        }
        return false;
}
