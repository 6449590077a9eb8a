#!/usr/bin/env bash
# profiles-extends: the examples of nodeaudit-profiles(5) work as written, and an
# organisation's profile extends a shipped one.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mkdir -p "$tmp/profiles"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/wv"

# The example of nodeaudit-profiles(5) works as written.
man_block() { # the .nf block of section $1 of nodeaudit-profiles(5), roff escapes undone
  sed -n "/^\.SH $1/,/^\.SH /p" "$src/man/nodeaudit-profiles.5" | sed -n '/^\.nf$/,/^\.fi$/p' | sed '1d;$d;s/\\-/-/g'
}
man_block EXAMPLE > "$tmp/profiles/site-worker.yaml"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-hardened" "$tmp/site"
expect 0 "the profile example of nodeaudit-profiles(5)" -- "$bin" --root "$tmp/site" --profiles-dir "$tmp/profiles" --profile site-worker --format json
has out '"benchmark_id":"4.2.13","title":"[^"]*","section":"4.2 Kubelet","level":1,"scored":true,"status":"pass","expected":"from 1024 to 8192","actual":"4096"' "its override applies"
man_block EXTENDING > "$tmp/profiles/acme-worker.yaml"
expect 0 "the extends example of nodeaudit-profiles(5)" -- "$bin" --root "$tmp/site" --profile "$tmp/profiles/acme-worker.yaml" --fail-on none --format json
has out '"benchmark_id":"X1.1","title":"[^"]*","section":"X1 ACME additions"' "its added check runs in its own section"

# extends: an organisation's profile on top of a shipped one.
cat > "$tmp/acme-worker.yaml" <<'P'
name: acme-worker
extends: cis-1.12-worker
title: ACME worker nodes
remove: [4.2.13, kubelet.seccomp-default]
checks:
  - {id: kubelet.read-only-port, scored: true, weight: 2}
P
expect 1 "a profile extending a shipped one" -- "$bin" --root "$tmp/wv" --profile "$tmp/acme-worker.yaml" --format json
has out '"profile":{"name":"acme-worker","benchmark":"CIS Kubernetes Benchmark v1.12.0"}' "the custom profile is named, the benchmark inherited"
if grep -q '"benchmark_id":"4.2.13"\|"benchmark_id":"4.2.14"' "$tmp/out"; then bad "removed checks are not run"; else ok "removed checks are not run"; fi
has out '"id":"kubelet.read-only-port","benchmark_id":"4.2.4","title":"[^"]*","section":"4.2 Kubelet","level":1,"scored":true' "a changed entry is scored as the custom profile says"
printf 'name: x\nextends: cis-1.12-worker\nremove: [9.9.9]\n' > "$tmp/bad-profile.yaml"
expect 2 "a custom profile removing what its parent lacks" -- "$bin" --root "$tmp/wv" --profile "$tmp/bad-profile.yaml"
has err "bad-profile.yaml:3" "the bad line of the custom profile is named"

plan
