#!/usr/bin/env bash
# evidence: node files that cannot be judged — a 1 GB config, a FIFO, hostile
# bytes, broken control-plane files — are errors with reasons, quickly, and the
# scan goes on.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/worker-kubeadm"

# A 1 GB config file and a FIFO: errors with reasons, quickly.
rm "$tmp/worker-kubeadm/var/lib/kubelet/config.yaml"
truncate -s 1G "$tmp/worker-kubeadm/var/lib/kubelet/config.yaml"
expect 1 "1 GB kubelet config" -- "$bin" --root "$tmp/worker-kubeadm" --check 4.2.1
has out "size limit" "a huge config is an error with the reason"
rm "$tmp/worker-kubeadm/var/lib/kubelet/config.yaml"
mkfifo "$tmp/worker-kubeadm/var/lib/kubelet/config.yaml"
expect 1 "FIFO as kubelet config" -- "$bin" --root "$tmp/worker-kubeadm" --check 4.2.1,4.1.9
has out "not a regular file" "a FIFO is an error with the reason"

# Both resolvers give the same report.
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-bytes" "$tmp/bytes"
expect 1 "hostile bytes in a command line" -- "$bin" --root "$tmp/bytes"
if grep -q $'\033' "$tmp/out"; then bad "text report strips terminal escapes from node data"; else ok "text report strips terminal escapes from node data"; fi

# Broken control-plane evidence: errors naming file:line, the scan goes on.
"$src/tests/helpers/fixture-copy.sh" "$fixtures/cp-hardened" "$tmp/cp"
printf 'kind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers: [\n' > "$tmp/cp/etc/kubernetes/enc/encryption.yaml"
expect 0 "malformed EncryptionConfiguration (unscored checks do not gate)" -- "$bin" --root "$tmp/cp" --check 1.2.28,1.2.27 --format json
has out '"status":"error"' "a malformed encryption config is an error"
has out 'encryption.yaml:5:' "the encryption config error names file:line"
has out '"benchmark_id":"1.2.27","title":"[^"]*","section":"[^"]*","level":1,"scored":false,"status":"pass"' "the flag check still passes"
printf 'client-transport-security:\n  client-cert-auth: maybe\n' > "$tmp/cp/etc/etcd.yml"
printf 'etcd\0--config-file=/etc/etcd.yml\0' > "$tmp/cp/proc/2004/cmdline"
expect 1 "etcd config with a bad value" -- "$bin" --root "$tmp/cp" --check 2.2
has out "etcd.yml:2:[0-9]*: client-transport-security.client-cert-auth" "the etcd config error names file:line and key"
rm -rf "$tmp/cp/proc"
printf 'spec:\n  containers:\n  - name: kube-apiserver\n    command: kube-apiserver --profiling=false\n' > "$tmp/cp/etc/kubernetes/manifests/kube-apiserver.yaml"
expect 1 "offline root with a broken manifest" -- "$bin" --root "$tmp/cp" --check 1.2.15,1.3.2
has out "kube-apiserver.yaml:4: command must be a list" "a broken manifest is an error naming file:line"
has out "PASS" "the other components are still checked"

plan
