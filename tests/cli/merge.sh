#!/usr/bin/env bash
# merge: a fleet view of many nodes' reports.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-hardened" "$tmp/worker-hardened"

mkdir -p "$tmp/reports"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/merge-k"
"$bin" --root "$tmp/merge-k" --profile cis-1.12-worker --format json > "$tmp/reports/a.json"
"$bin" --root "$tmp/worker-hardened" --profile cis-1.12-worker --format json > "$tmp/reports/b.json"
expect 0 "merge a directory of reports" -- "$bin" merge "$tmp/reports"
has out "^2 nodes scanned, mean score 91.7" "merge counts the nodes and the mean score"
has out "83.3  worker-kubeadm" "merge lists the worst node first"
has out "1/2  4.1.9    kubelet.config-file-permissions: worker-kubeadm" "merge says which nodes fail a check"
{ sed 's/^/2026-11-22T10:00:00.1Z stdout F /' "$tmp/reports/a.json"; echo "some other log line"; sed 's/^/x /' "$tmp/reports/b.json"; } > "$tmp/log"
expect 0 "merge standard input with log prefixes" -- sh -c "'$bin' merge --format json - < '$tmp/log'"
has out '"schema":"nodeaudit/fleet-v1","nodes_scanned":2' "merge reads one report a line from a log"
expect 0 "the latest scan of a node stands for it" -- "$bin" merge "$tmp/reports/a.json" "$tmp/reports/a.json" "$tmp/reports/b.json"
has out "^2 nodes scanned" "a node scanned twice is one node"
printf '{"schema":"nodeaudit/v1",\n "results": 7}\n' > "$tmp/bad.json"
expect 2 "merge refuses a broken report" -- "$bin" merge "$tmp/bad.json"
has err "bad.json:1:1: not a nodeaudit/v1 report" "the broken report is named with its line"
expect 2 "merge needs reports" -- "$bin" merge
expect 2 "merge of nothing" -- sh -c "'$bin' merge - < /dev/null"

plan
