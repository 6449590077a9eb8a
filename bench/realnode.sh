#!/bin/bash
# The side-by-side run on a real process table. Starts the generated node's
# processes (the fixture's components with their real command lines and
# environments, and the extra workloads) as stand-ins in a private PID and
# mount namespace, chrooted into the node root with /usr, /dev and the source
# tree bound in, then times nodeaudit and the shell baseline there.
#
# usage: realnode.sh NODE_DIR SOURCE_DIR BUILD_DIR WORK_DIR RUNS BASELINE_RUNS PROFILE...
# Prints one line per tool and profile:
#   real SIZE PROFILE TOOL median_us maxrss_kb processes
set -euo pipefail
node=$1 src=$2 build=$3 work=$4 runs=$5 bruns=$6
shift 6
root=$node/root
opt=$work/opt
mkdir -p "$opt/bin"
cc -O2 -static -o "$opt/bin/standin" "$src/bench/standin.c"
cc -O2 -o "$opt/timeit" "$src/bench/timeit.c"
while read -r name; do ln -f "$opt/bin/standin" "$opt/bin/$name"; done < "$node/names"
cp "$node/spawn.list" "$src/bench/baseline-run.sh" "$opt/"
for p in "$@"; do python3 "$src/bench/baseline.py" "$p" "$src" > "$opt/audits-$p.txt"; done

# The chroot: the node's files, the machine's /usr for the tools.
for d in usr dev tmp opt/bench "${src#/}" "${build#/}"; do mkdir -p "$root/$d"; done
for l in bin lib lib64 sbin; do [ -e "$root/$l" ] || [ -L "$root/$l" ] || ln -s "usr/$l" "$root/$l"; done
cp /etc/ld.so.cache "$root/etc/"
rm -rf "$root/etc/alternatives"; cp -a /etc/alternatives "$root/etc/"
find "$root/proc" -mindepth 1 -maxdepth 1 -exec rm -rf {} +

cat > "$opt/inside.sh" <<INSIDE
set -eu
cd /
started=\$(/opt/bench/bin/standin --spawn /opt/bench/spawn.list)
for i in \$(seq 600); do
  n=\$(ls /proc | grep -c '^[0-9]')
  [ "\$n" -ge "\$started" ] && break
  sleep 0.1
done
size=\$(ls /proc | grep -c '^[0-9]')
/bin/ps -C kubelet -o cmd --no-headers | grep -q -- --config= || { echo "realnode: ps does not see the kubelet" >&2; exit 1; }
for p in $*; do
  out=\$($build/nodeaudit --profile \$p --format json || true)
  case "\$out" in *'"kube-apiserver"'*) ;; *) echo "realnode: nodeaudit did not find kube-apiserver" >&2; exit 1 ;; esac
  set -- \$(/opt/bench/timeit -r $runs -- $build/nodeaudit --profile \$p --format json)
  echo "real \$size \$p nodeaudit \${1#median_us=} \${4#maxrss_kb=} 1"
  strace -f -e trace=execve -o /tmp/execs bash /opt/bench/baseline-run.sh /opt/bench/audits-\$p.txt /tmp/baseline.out >/dev/null 2>&1
  [ -s /tmp/baseline.out ] || { echo "realnode: the baseline printed nothing" >&2; exit 1; }
  procs=\$(grep -c 'execve(' /tmp/execs)
  set -- \$(/opt/bench/timeit -w 0 -r $bruns -- bash /opt/bench/baseline-run.sh /opt/bench/audits-\$p.txt)
  echo "real \$size \$p baseline \${1#median_us=} \${4#maxrss_kb=} \$((procs - 1))"
done
INSIDE

unshare -p -m -f --mount-proc="$root/proc" bash -c '
  set -e
  root=$1 opt=$2 src=$3 build=$4
  mount --bind /usr "$root/usr"; mount -o remount,bind,ro "$root/usr"
  mount --bind /dev "$root/dev"
  mount --bind "$opt" "$root/opt/bench"
  mount --bind "$src" "$root$src"; mount -o remount,bind,ro "$root$src"
  case "$build" in "$src"/*) ;; *) mount --bind "$build" "$root$build" ;; esac
  chroot "$root" /bin/bash /opt/bench/inside.sh
' realnode "$root" "$opt" "$src" "$build"
