#!/usr/bin/env bash
# allowlist: the process allowlist; bad files are usage errors naming the line.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/worker-kubeadm"
empty_node "$tmp/empty-node"

printf 'allow:\n  - {exe: /usr/bin/kubelet}\n  - {exe: bin/x}\n' > "$tmp/al.yaml"
expect 2 "an allowlist with a relative exe" -- "$bin" --root "$tmp/worker-kubeadm" --allowlist "$tmp/al.yaml"
has err "al.yaml:3:11: exe \"bin/x\" must be an absolute path" "the file, line and problem are named"
expect 2 "a missing allowlist" -- "$bin" --root "$tmp/worker-kubeadm" --allowlist "$tmp/none.yaml"
has err "none.yaml" "the missing file is named"
printf 'allow:\n  - {exe: /usr/bin/kubelet}\n' > "$tmp/al.yaml"
expect 1 "an allowlist without containerd" -- "$bin" --root "$tmp/worker-kubeadm" --allowlist "$tmp/al.yaml" --profile node-state --check processes.allowlist --format json
has out 'pid 412 (user unknown, /usr/bin/containerd): /usr/bin/containerd' "each other process is named with pid, user, exe and command line"
printf 'scope: all\nallow:\n  - {exe: /usr/lib/systemd/systemd}\n  - {exe: /usr/bin/containerd}\n  - {exe: /usr/bin/kubelet}\n' > "$tmp/al.yaml"
expect 1 "scope all takes containers in" -- "$bin" --root "$tmp/worker-kubeadm" --allowlist "$tmp/al.yaml" --profile node-state --check processes.allowlist --format json
has out 'pid 2301 (.*kube-proxy' "kube-proxy's container process is judged too"
expect 0 "no allowlist off kubeadm" -- "$bin" --root "$tmp/empty-node" --profile node-state --check processes.allowlist --format json
has out '"status":"skip".*no allowlist' "without an allowlist the check skips and says how to give one"

plan
