#!/usr/bin/env bash
# distributions: recognised, overridden, and a broken file of a host process's
# is an error, not a guess.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/wv"

"$src/tests/helpers/fixture-copy.sh" "$fixtures/k3s-server" "$tmp/k3s"
expect 1 "a k3s server" -- "$bin" --root "$tmp/k3s" --format json
has out '"distribution":"k3s","distribution_source":"process k3s (pid 812)"' "k3s is recognised by its process"
has out '"role":"control-plane"' "a k3s server is a control plane"
has out '"kubernetes_version":"1.31.4","kubernetes_version_source":"v1.31.4+k3s1 in /usr/local/bin/k3s' "the version from the k3s binary"
has out '"detail":"--audit-log-maxbackup=10 (kube-apiserver-arg+ in /etc/rancher/k3s/config.yaml.d/50-audit.yaml:3)"' "an argument names the file and line it came from"
expect 1 "--distribution none" -- "$bin" --root "$tmp/k3s" --format json --distribution none
has out '"distribution":null' "no distribution when told so"
has out '"role":"none"' "... and then nothing of Kubernetes runs as a process of its own"
expect 2 "an unknown --distribution" -- "$bin" --root "$tmp/k3s" --distribution openshift
has err 'unknown distribution "openshift" (aks, eks, gke, k3s, kubeadm, microk8s, rke2, none)' "the known ones are listed"
expect 1 "--distribution on a kubeadm worker" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --distribution rke2 --format json
has out '"benchmark_id":"4.1.1","title":"[^"]*","section":"[^"]*","level":1,"scored":true,"status":"skip"' "rke2's skips apply when told the distribution"
printf 'kubelet-arg: [unterminated\n' > "$tmp/k3s/etc/rancher/k3s/config.yaml.d/60-broken.yaml"
expect 1 "a broken k3s config drop-in" -- "$bin" --root "$tmp/k3s" --format json
has out '"status":"error","expected":"false","actual":null,"source":null,"reason":"kubelet runs inside k3s (pid 812), whose arguments for it cannot be read: /etc/rancher/k3s/config.yaml.d/60-broken.yaml:' "the kubelet checks are errors naming the file and line"
has out '"benchmark_id":"1.1.13","title":"[^"]*","section":"[^"]*","level":1,"scored":true,"status":"pass"' "... and the rest of the scan goes on"

plan
