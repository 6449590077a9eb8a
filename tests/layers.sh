#!/usr/bin/env bash
# layers: the rules of docs/architecture.md that a machine can check — no
# include cycle between files of different folders, nothing above model/
# reading the node, no two source files with one base name.
set -uo pipefail
src=${SOURCE_DIR:?}
n=0 failed=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
cd "$src"
if out=$(python3 tools/include-graph.py); then ok "no include cycle between files of different folders"; else bad "include cycles between folders"; echo "$out" | sed 's/^/# /'; fi
above=$(grep -nE '\b(rootfs|proc)_[a-z_]+\(' src/probes/*.c src/engine/*.c src/report/*.c src/cli/*.c src/baseline/*.c src/fleet/*.c |
        grep -vE 'rootfs_strerror\(' || true)
if [ -z "$above" ]; then ok "nothing above model/ reads the node"; else bad "reads of the node above model/"; echo "$above" | sed 's/^/# /'; fi
io=$(grep -nE '\b(rootfs|local|proc)_[a-z_]+\(|\bfopen\(|\bopen(at)?\(' src/parse/*.c || true)
if [ -z "$io" ]; then ok "parse/ does no I/O"; else bad "I/O in parse/"; echo "$io" | sed 's/^/# /'; fi
dups=$(find src -name '*.[ch]' -printf '%f\n' | sort | uniq -d)
if [ -z "$dups" ]; then ok "no two source files share a base name"; else bad "shared base names: $dups"; fi
echo "1..$n"
[ "$failed" = 0 ]
