#!/usr/bin/env bash
# no-exec: complete scans under strace — one execve (the scanner's own), no
# fork, vfork or clone, and nothing opened for writing, nothing written but to
# standard output and standard error.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
if ! command -v strace >/dev/null; then echo "1..0 # SKIP strace is missing (make test installs it)"; exit 0; fi
tmp=$(mktemp -d /tmp/nodeaudit-noexec-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
echo "TAP version 13"
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); fi; }
for fx in worker-kubeadm cp-kubeadm host-weak worker-broken; do
  "$src/tests/helpers/fixture-copy.sh" "$fixtures/$fx" "$tmp/$fx"
  strace -f -qq -o "$tmp/trace" -e trace=process,openat,openat2,open,creat,write,pwrite64,writev,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat \
    "$bin" --root "$tmp/$fx" --format json > "$tmp/out" 2> "$tmp/err"
  check "$fx: one execve" '[ "$(grep -c "execve(" "$tmp/trace")" = 1 ]'
  check "$fx: no fork, vfork or clone" '! grep -qE "(^|[^_])(fork|vfork|clone|clone3)\(" "$tmp/trace"'
  check "$fx: nothing opened for writing" '! grep -E "open(at2?)?\(" "$tmp/trace" | grep -qE "O_WRONLY|O_RDWR|O_CREAT|O_TRUNC"'
  check "$fx: writes only to stdout and stderr" '! grep -E "(^| )(p?write64|writev|write)\(" "$tmp/trace" | grep -vqE "(write|writev|pwrite64)\([12],"'
  check "$fx: no rename, unlink or mkdir" '! grep -qE "(rename|unlink|mkdir)(at)?2?\(" "$tmp/trace"'
done
echo "1..$n"
[ "$failed" = 0 ]
