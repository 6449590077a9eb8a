#!/usr/bin/env bash
# gates-selection: the exit-code gate (--fail-on, --min-score) over the text
# report, and which checks run (--check, --skip, --profile).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/worker-kubeadm"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-hardened" "$tmp/worker-hardened"

expect 1 "kubeadm worker trips the default gate" -- "$bin" --root "$tmp/worker-kubeadm" --profile cis-1.12-worker
has out "4.2 Kubelet" "text report groups by section"
has out "score 83.3" "text report ends with the score"
if grep -q $'\033' "$tmp/out"; then bad "no colour when not on a terminal"; else ok "no colour when not on a terminal"; fi
expect 0 "--fail-on none" -- "$bin" --root "$tmp/worker-kubeadm" --fail-on none --profile cis-1.12-worker
expect 0 "--fail-on error without errors" -- "$bin" --root "$tmp/worker-kubeadm" --fail-on error --profile cis-1.12-worker
expect 1 "--min-score above the score" -- "$bin" --root "$tmp/worker-kubeadm" --fail-on none --min-score 90 --profile cis-1.12-worker
expect 0 "--min-score below the score" -- "$bin" --root "$tmp/worker-kubeadm" --fail-on none --min-score 80 --profile cis-1.12-worker
expect 0 "hardened worker holds the gate" -- "$bin" --root "$tmp/worker-hardened" --min-score 100 --profile cis-1.12-worker

expect 0 "--check by number and slug" -- "$bin" --root "$tmp/worker-kubeadm" --format json --check 4.2.1 --check kubelet.authorization-mode
if [ "$(grep -o '"status"' "$tmp/out" | wc -l)" = 2 ]; then ok "--check selects two results"; else bad "--check selects two results"; fi
expect 0 "--skip" -- "$bin" --root "$tmp/worker-kubeadm" --format json --skip 4.1.1,4.1.9,4.1.3,4.2.9,4.2.12,4.2.13,4.2.14 --profile cis-1.12-worker
has out '"fail":0' "--skip leaves the skipped checks out"
expect 2 "--check of a check the profile lacks" -- "$bin" --root "$tmp/worker-kubeadm" --check 9.9.9
has err "9.9.9" "the unknown check is named"
expect 2 "unknown profile" -- "$bin" --root "$tmp/worker-kubeadm" --profile cis-0.1-worker
has err "no profile named" "the unknown profile is explained"

plan
