#!/usr/bin/env bash
# auto-profile: what --profile auto runs — the host baseline alone where no
# Kubernetes runs, added to the Kubernetes profile where it does — and the
# node section of the JSON report.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/worker-kubeadm"
empty_node "$tmp/empty-node"

expect 1 "a node without Kubernetes gets the host baseline (no AppArmor: fail)" -- "$bin" --root "$tmp/empty-node"
has err "no Kubernetes component" "says that nothing runs"
has err "checking the host only" "says that the host is checked"
has out "H4.1" "the host baseline ran"
mkdir -p "$tmp/empty-node/sys/module/apparmor/parameters"; echo Y > "$tmp/empty-node/sys/module/apparmor/parameters/enabled"
expect 0 "a node without Kubernetes, with AppArmor" -- "$bin" --root "$tmp/empty-node"
expect 0 "an offline root without /proc" -- "$bin" --root "$tmp/empty-node" --proc "$tmp/empty-node/proc" --profile host-baseline
expect 1 "auto adds the host baseline to the Kubernetes profile" -- "$bin" --root "$tmp/worker-kubeadm" --format json
has out '"name":"cis-1.11-worker+host-baseline+node-state"' "the merged profile is named (the kubelet is 1.29: CIS v1.11)"
has out '{"component":"kubelet","pid":1187,"apparmor":"unconfined","capabilities":"all"}' "the node section records the kubelet's confinement and capabilities"
has out '{"component":"kube-proxy","pid":2301,"apparmor":null,"capabilities":"cap_net_admin,cap_net_raw"}' "capabilities are named through libcap"

plan
