#!/usr/bin/env bash
# levels-versions: the Kubernetes version (static pods' image tags, binaries'
# stamps, kubeadm's configuration, or --k8s-version), the benchmark --profile
# auto picks for it, and --level.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/wv"

# The Kubernetes version: from the static pods' image tags, or --k8s-version.
"$src/tests/helpers/fixture-copy.sh" "$fixtures/cp-kubeadm" "$tmp/lv"
expect 1 "the version of a kubeadm control plane" -- "$bin" --root "$tmp/lv" --profile cis-1.12-control-plane --format json
has out '"kubernetes_version":"1.32.4","kubernetes_version_source":"image registry.k8s.io/kube-apiserver:v1.32.4 in /etc/kubernetes/manifests/kube-apiserver.yaml"' "the version and where it was read"
expect 1 "--k8s-version overrides" -- "$bin" --root "$tmp/lv" --profile cis-1.12-control-plane --format json --k8s-version v1.31
has out '"kubernetes_version":"1.31","kubernetes_version_source":"--k8s-version"' "the given version is reported as given"
expect 1 "a worker: the kubelet binary's stamp" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --format json
has out '"kubernetes_version":"1.29.4","kubernetes_version_source":"v1.29.4 in /usr/bin/kubelet, from the build flags in .go.buildinfo"' "the version from the kubelet's build flags"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-flags-only" "$tmp/nv"
expect 1 "a worker with no stamp anywhere" -- "$bin" --root "$tmp/nv" --profile cis-1.12-worker --format json
has out '"kubernetes_version":null,"kubernetes_version_source":null' "no evidence, no version"
expect 1 "auto, version unknown" -- "$bin" --root "$tmp/nv" --format json
has err "the Kubernetes version is unknown; using the newest benchmark, cis-1.12-worker" "an unknown version says which benchmark it used"
has out '"name":"cis-1.12-worker+host-baseline+node-state"' "... the newest"
# kubeadm's stored configuration (several documents; a label such as stable-1.30 is no version)
printf 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: stable-1.30\n' > "$tmp/nv/etc/kubernetes/kubeadm-config.yaml"
expect 1 "a kubeadm label is not a version" -- "$bin" --root "$tmp/nv" --profile cis-1.12-worker --format json
has out '"kubernetes_version":null' "stable-1.30 is not read as a release"
printf 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration: {}\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.28.9\n' > "$tmp/nv/etc/kubernetes/kubeadm-config.yaml"
expect 1 "auto from kubeadm's ClusterConfiguration" -- "$bin" --root "$tmp/nv" --format json
has out '"kubernetes_version":"1.28.9","kubernetes_version_source":"kubernetesVersion v1.28.9 in /etc/kubernetes/kubeadm-config.yaml (line 7)"' "the version, file and line"
has out '"name":"cis-1.10-worker+host-baseline+node-state"' "1.28 is CIS v1.10"
has out '"benchmark_id":"4.1.7","title":"[^"]*","section":"[^"]*","level":1,"scored":false,"status":"[a-z]*","expected":"600' "v1.10 expects 600 on the client CA"
# --profile auto with a version: 1.29-1.31 -> v1.11, 1.32 and later -> v1.12, older -> the oldest, said so
expect 1 "auto for 1.30" -- "$bin" --root "$tmp/nv" --k8s-version 1.30 --format json
has out '"name":"cis-1.11-worker+host-baseline+node-state"' "1.30 is CIS v1.11"
has out '"benchmark_id":"4.2.15"' "v1.11 has 4.2.15"
expect 1 "auto for 1.40" -- "$bin" --root "$tmp/nv" --k8s-version 1.40.1 --format json
has out '"name":"cis-1.12-worker+host-baseline+node-state"' "1.40 is CIS v1.12 (the newest covers later releases)"
expect 1 "auto for 1.26" -- "$bin" --root "$tmp/nv" --k8s-version 1.26 --format json
has err "no benchmark covers Kubernetes 1.26; using cis-1.10-worker (for 1.28)" "an older release says which benchmark it used"
expect 1 "auto for a control plane" -- "$bin" --root "$tmp/lv" --k8s-version 1.29 --format json
has out '"name":"cis-1.11-control-plane+host-baseline+node-state"' "a control plane at 1.29 is CIS v1.11's control-plane profile"
expect 2 "a bad --k8s-version" -- "$bin" --k8s-version 1.x
has err "takes a version such as 1.32" "a bad version is named"

# --level: Level 1 leaves the Level 2 recommendations out.
expect 1 "--level 1" -- "$bin" --root "$tmp/lv" --profile cis-1.12-control-plane --level 1 --format json
if grep -q '"benchmark_id":"3.2.2"' "$tmp/out"; then bad "--level 1 leaves 3.2.2 (Level 2) out"; else ok "--level 1 leaves 3.2.2 (Level 2) out"; fi
has out '"benchmark_id":"3.2.1"' "--level 1 keeps the Level 1 checks"
expect 1 "--level 2" -- "$bin" --root "$tmp/lv" --profile cis-1.12-control-plane --level 2 --format json
has out '"benchmark_id":"3.2.2"' "--level 2 includes Level 2"
expect 2 "--level 3" -- "$bin" --level 3
has err "takes 1 or 2" "a bad level is named"

plan
