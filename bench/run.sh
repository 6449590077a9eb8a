#!/bin/bash
# nodeaudit's benchmark: scan time, memory, system calls and instructions
# against the number of processes on the node, and the side-by-side run
# against the shell-audit baseline on a real process table. See README.md.
#
# usage: bench/run.sh [--quick] [--out DIR] [--build DIR] [--no-gate]
#   --quick    one small size, few runs: checks that the harness works
#   --out      where results go (default: bench/results)
#   --no-gate  exit 0 even when a target is missed
# Environment: SIZES, REAL_SIZES (lists of extra process counts).
set -euo pipefail
command_line="bench/run.sh $*"
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build
out=$src/bench/results
quick=0 gate=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --out) out=$2; shift ;;
    --build) build=$(cd "$2" && pwd); shift ;;
    --no-gate) gate=0 ;;
    *) echo "usage: bench/run.sh [--quick] [--out DIR] [--build DIR] [--no-gate]" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "bench: run as root (private PID and mount namespaces, chroot)" >&2; exit 2; }
for t in strace valgrind /usr/bin/time unshare python3 cc; do
  command -v "$t" >/dev/null || { echo "bench: $t is missing (make bench installs it)" >&2; exit 2; }
done
[ -x "$build/nodeaudit" ] || { echo "bench: no $build/nodeaudit (make build)" >&2; exit 2; }
if [ $quick = 1 ]; then
  sizes=${SIZES:-100} real_sizes=${REAL_SIZES:-100}
else
  sizes=${SIZES:-100 1000 10000 50000} real_sizes=${REAL_SIZES:-100 1000 10000}
fi
profiles="cis-1.12-worker cis-1.12-control-plane"
work=$(mktemp -d /tmp/nodeaudit-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
tsv=$work/results.tsv
cc -O2 -o "$work/timeit" "$src/bench/timeit.c"
cc -O2 -o "$work/floor" "$src/bench/floor.c"
nodeaudit=$build/nodeaudit

runs_for() { # runs of nodeaudit, baseline runs
  if [ $quick = 1 ]; then echo "5 1"; return; fi
  case "$1" in
    100) echo "31 5" ;; 1000) echo "31 3" ;; 10000) echo "11 1" ;; *) echo "5 1" ;;
  esac
}

echo "# synthetic node roots: nodeaudit --root NODE --proc NODE/proc" >&2
for n in $sizes; do
  node=$work/synthetic-$n
  python3 "$src/bench/gen-node.py" --out "$node" --procs "$n" --pki-files 100
  root=$node/root
  set -- $(runs_for "$n")
  runs=$1
  floor=$("$work/floor" "$root/proc")
  for p in $profiles; do
    cmd=("$nodeaudit" --root "$root" --proc "$root/proc" --profile "$p" --format json)
    set -- $("$work/timeit" -r "$runs" -- "${cmd[@]}")
    median=${1#median_us=}
    rss=$( (/usr/bin/time -v "${cmd[@]}" 2>&1 >/dev/null || true) | awk -F': ' '/Maximum resident/ {print $2}')
    strace -f -c -o "$work/strace" "${cmd[@]}" >/dev/null 2>&1 || true
    calls=$(awk '/ total$/ {print $4}' "$work/strace")
    instr=$( (valgrind --tool=callgrind --callgrind-out-file=/dev/null "${cmd[@]}" 2>&1 >/dev/null || true) | awk '/Collected/ {print $NF}')
    printf 'synthetic\t%s\t%s\tnodeaudit\t%s\t%s\t%s\t%s\t%s\n' "$n" "$p" "$median" "$rss" "$calls" "$instr" "$floor" | tee -a "$tsv" >&2
  done
  rm -rf "$node"
done

echo "# real process table: private PID and mount namespace, chroot into the node" >&2
pid_max=$(cat /proc/sys/kernel/pid_max)
for n in $real_sizes; do
  in_use=$(ls /proc | grep -c '^[0-9]')
  if [ $((n + in_use + 2000)) -gt "$pid_max" ]; then
    echo "skip real $n: needs $n processes, kernel.pid_max is $pid_max with $in_use in use" >&2
    continue
  fi
  node=$work/real-$n
  python3 "$src/bench/gen-node.py" --out "$node" --procs "$n" --pki-files 100
  set -- $(runs_for "$n")
  bash "$src/bench/realnode.sh" "$node" "$src" "$build" "$work/realwork-$n" "$1" "$2" $profiles |
    while read -r kind size p tool median rss procs; do
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t\t\n' "$kind" "$n" "$p" "$tool" "$median" "$rss" "$procs" | tee -a "$tsv" >&2
    done
  rm -rf "$node" "$work/realwork-$n"
done

cp "$tsv" "$out/latest.tsv"
args=(--tsv "$out/latest.tsv" --md "$out/latest.md" --svg "$out/curve.svg")
[ $quick = 1 ] || args+=(--readme "$src/bench/README.md")
[ $gate = 1 ] || args+=(--no-gate)
python3 "$src/bench/report.py" "${args[@]}" --command "$command_line"
