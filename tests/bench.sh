#!/usr/bin/env bash
# bench: the benchmark harness works end to end (a quick run: one size, few
# repetitions, targets not judged): the synthetic node is scanned and measured,
# the real-process run starts the stand-ins in a private PID namespace, the
# shell baseline runs its audits there, and the report comes out whole.
set -uo pipefail
src=${SOURCE_DIR:?} build=${BUILD_DIR:?}
out=$build/bench-smoke
rm -rf "$out"
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
echo "TAP version 13"
bash "$src/bench/run.sh" --quick --no-gate --out "$out" --build "$build" > "$out.log" 2>&1
ok $? "bench/run.sh --quick completes"
[ $failed = 0 ] || sed 's/^/# /' "$out.log" | tail -20
tsv=$out/latest.tsv
for p in cis-1.12-worker cis-1.12-control-plane; do
  awk -F'\t' -v p=$p '$1 == "synthetic" && $3 == p && $5 > 0 && $6 > 0 && $7 > 0 && $8 > 1000 && $9 ~ /cmdline_us=/' "$tsv" | grep -q .
  ok $? "synthetic $p: time, peak RSS, system calls, instructions and the kernel floor measured"
  awk -F'\t' -v p=$p '$1 == "real" && $3 == p && $4 == "nodeaudit" && $5 > 0 && $7 == 1' "$tsv" | grep -q .
  ok $? "real $p: nodeaudit timed on the stand-in process table, as one process"
  # the baseline starts dozens of processes (ps, grep, stat ...) for what nodeaudit does alone
  awk -F'\t' -v p=$p '$1 == "real" && $3 == p && $4 == "baseline" && $5 > 0 && $7 > 50' "$tsv" | grep -q .
  ok $? "real $p: the shell baseline timed, with the processes it started counted"
done
grep -q '^| target | measured' "$out/latest.md"
ok $? "the report has the targets table"
grep -q 'faster than the shell baseline' "$out/latest.md"
ok $? "the report gives the ratio to the baseline"
xmllint --noout "$out/curve.svg" 2>/dev/null
ok $? "the curve is well-formed SVG"
# the audits stay a shell-driven scanner's: every check of the profile, manual ones excepted
audits=$(python3 "$src/bench/baseline.py" cis-1.12-worker "$src" | wc -l)
[ "$audits" -ge 25 ]
ok $? "the worker baseline has an audit for each automated check ($audits lines)"
echo "1..$n"
[ $failed = 0 ]
