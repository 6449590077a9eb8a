#!/usr/bin/env bash
# definitions: a broken check or profile file is exit 2, naming file:line.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/worker-kubeadm"

cp -r "$src/checks" "$tmp/checks"
sed -i 's/    operator: eq/    operator: equals/' "$tmp/checks/kubernetes/kubelet.yaml"
expect 2 "broken check file" -- "$bin" list --checks-dir "$tmp/checks"
has err "kubelet.yaml:[0-9]*:[0-9]*: unknown operator" "the broken check file is named with its line"
mkdir -p "$tmp/profiles"
printf 'name: p\ntitle: t\nbenchmark: b\nrole: worker\nsections: [{id: "4.2", title: K}]\nchecks:\n  - {id: kubelet.anonymous-auth, number: 4.2.1, level: 7}\n' > "$tmp/profiles/p.yaml"
expect 2 "broken profile" -- "$bin" --root "$tmp/worker-kubeadm" --profiles-dir "$tmp/profiles" --profile p
has err "p.yaml:7:[0-9]*: \"level\"" "the broken profile is named with its line"
printf 'checks: [\n' > "$tmp/checks/kubernetes/zz-broken.yaml"
expect 2 "unparseable check file" -- "$bin" list --checks-dir "$tmp/checks"
has err "zz-broken.yaml:" "the unparseable file is named"

plan
