#!/usr/bin/env bash
# hostile/bounds: inputs that grow the work without end — YAML merge keys,
# sshd Includes that include themselves or glob over links to ".", a huge
# command line of distinct flags, a sparse binary with a vast section table,
# FIFOs where a binary and a command line are read, /proc/self/pagemap as a
# config file. Each scan must end within seconds and bounded memory, with the
# checks concerned in error saying which limit was reached.
set -uo pipefail
bin=${NODEAUDIT:?} src=${SOURCE_DIR:?} fixtures=${FIXTURES_DIR:?}
tmp=$(mktemp -d /tmp/nodeaudit-bounds-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
echo "TAP version 13"
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); sed 's/^/# /' "$tmp/err" 2>/dev/null | head -5; fi; }
# scan ROOT ARGS...: JSON in $tmp/out, stderr in $tmp/err, ms and max RSS (KB) in $ms and $kb
scan() {
  local start; start=$(date +%s%N)
  timeout 60 /usr/bin/time -f '%M' -o "$tmp/rss" "$bin" --format json "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 )); kb=$(tail -1 "$tmp/rss" 2>/dev/null || echo 999999999)
}
result() { # ID: the status and reason of one result
  python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
r=[x for x in d["results"] if x["id"]==sys.argv[2]]
print(r[0]["status"] if r else "absent", (r[0].get("reason") or "") if r else "")' "$tmp/out" "$1" 2>/dev/null
}
node() { rm -rf "$tmp/n"; "$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/n"; }

# YAML merge keys: twelve merges of twelve merges, eight deep, in the kubelet's config
node
{ echo 'apiVersion: kubelet.config.k8s.io/v1beta1'; echo 'kind: KubeletConfiguration'; echo 'm0: &m0 {readOnlyPort: 0}'
  for i in $(seq 1 8); do printf 'm%d: &m%d {<<: [' "$i" "$i"; for j in $(seq 1 11); do printf '*m%d, ' $((i-1)); done; echo "*m$((i-1))]}"; done
  echo '<<: *m8'; } > "$tmp/n/var/lib/kubelet/config.yaml"
scan --root "$tmp/n" --profile cis-1.12-worker
check "merge keys: the scan ends in seconds (${ms} ms, rc $rc)" '[ "$rc" -le 3 ] && [ "$ms" -lt 10000 ]'
check "merge keys: the check is an error naming the limit" 'result kubelet.read-only-port | grep -q "^error .*merge keys"'

# sshd: a file that includes itself three ways, and a glob over links to "."
node
mkdir -p "$tmp/n/etc/ssh/d"
printf 'Include /etc/ssh/sshd_config\nInclude sshd_config\nInclude /etc/ssh/./sshd_config\nPermitRootLogin no\n' > "$tmp/n/etc/ssh/sshd_config"
scan --root "$tmp/n" --profile host-baseline --check ssh.permit-root-login
check "sshd self-include: ends in seconds (${ms} ms, rc $rc)" '[ "$rc" -le 3 ] && [ "$ms" -lt 10000 ]'
check "sshd self-include: memory stays bounded (${kb} KB)" '[ "$kb" -lt 200000 ]'
check "sshd self-include: an error naming the limit, not a pass" 'result ssh.permit-root-login | grep -q "^error .*Include"'
node
mkdir -p "$tmp/n/etc/ssh/d"
for l in $(seq 1 30); do ln -s . "$tmp/n/etc/ssh/d/l$l"; done
printf 'Include d/*/*/*/*/*/*/x\nPermitRootLogin no\n' > "$tmp/n/etc/ssh/sshd_config"
scan --root "$tmp/n" --profile host-baseline --check ssh.permit-root-login
check "sshd glob over links to \".\": ends in seconds (${ms} ms, rc $rc)" '[ "$rc" -le 3 ] && [ "$ms" -lt 10000 ]'
check "sshd glob over links to \".\": memory stays bounded (${kb} KB)" '[ "$kb" -lt 200000 ]'
check "sshd glob over links to \".\": an error naming the limit" 'result ssh.permit-root-login | grep -q "^error .*matches too much"'

# a kubelet command line of 180 KB: distinct flags, and one list flag repeated
node
pid=$(grep -l kubelet "$tmp"/n/proc/*/cmdline | head -1)
python3 - "$pid" <<'PY'
import sys
p = sys.argv[1]
argv = open(p, 'rb').read().rstrip(b'\0').split(b'\0')
argv += [b'--x%d=%d' % (i, i) for i in range(8000)]
argv += [b'--feature-gates=A%d=true' % i for i in range(6000)]
open(p, 'wb').write(b'\0'.join(argv) + b'\0')
PY
scan --root "$tmp/n" --profile cis-1.12-worker --check kubelet.anonymous-auth
check "a 180 KB command line: parsed in under 2 s (${ms} ms)" '[ "$ms" -lt 2000 ]'
check "a 180 KB command line: memory stays bounded (${kb} KB)" '[ "$kb" -lt 100000 ]'
check "a 180 KB command line: the check is judged" 'result kubelet.anonymous-auth | grep -qE "^(pass|fail) "'

# a sparse kubelet binary whose header asks for a 2 GB section table
node
rm -f "$tmp/n/usr/bin/kubelet"; mkdir -p "$tmp/n/usr/bin"
python3 - "$tmp/n/usr/bin/kubelet" <<'PY'
import struct, sys
h = bytearray(64); h[0:7] = b'\x7fELF\x02\x01\x01'
struct.pack_into('<Q', h, 40, 64); struct.pack_into('<HHH', h, 58, 32768, 65535, 1)
with open(sys.argv[1], 'wb') as f:
    f.write(h); f.truncate(2 << 30)
PY
for p in "$tmp"/n/proc/*/cmdline; do sed -i 's#/usr/bin/kubelet#/usr/bin/kubelet#' "$p"; done
scan --root "$tmp/n" --profile cis-1.12-worker --check kubelet.anonymous-auth
check "a sparse binary: the version reader allocates nothing big (${kb} KB)" '[ "$kb" -lt 100000 ]'
check "a sparse binary: ends in seconds (${ms} ms)" '[ "$ms" -lt 10000 ]'

# FIFOs where the version reader and the process table read
node
rm -f "$tmp/n/usr/bin/kubelet"; mkfifo "$tmp/n/usr/bin/kubelet"
mkdir -p "$tmp/n/proc/777"; mkfifo "$tmp/n/proc/777/cmdline"
if command -v strace > /dev/null; then
  # LeakSanitizer cannot run under ptrace: leaks are the other tests' business
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" timeout 60 strace -f -qq -e trace=open,openat,openat2 -o "$tmp/trace" "$bin" --root "$tmp/n" --format json > "$tmp/out" 2> "$tmp/err"; rc=$?
  check "FIFOs: the scan ends (rc $rc)" '[ "$rc" -le 3 ]'
  check "FIFOs: the version reader looked at the binary" 'grep -q "usr/bin/kubelet\"" "$tmp/trace"'
  check "FIFOs: neither FIFO is ever opened for reading (only looked at)" \
    '! grep -E "(usr/bin/kubelet|777/cmdline)\"" "$tmp/trace" | grep -v O_PATH | grep -q .'
else
  echo "ok $((n += 1)) # SKIP strace is not installed"
fi

# /proc/self/pagemap as the config file of a kubelet whose paths resolve in
# the scanned root (a /proc tree given with --proc): baseline save must not
# read the pseudo-file without end
mkdir -p "$tmp/fakeproc/100"
printf '/usr/bin/kubelet\0--config=/proc/self/pagemap\0' > "$tmp/fakeproc/100/cmdline"
start=$(date +%s%N)
timeout 60 "$bin" baseline save "$tmp/b.txt" --root / --proc "$tmp/fakeproc" 2> "$tmp/err"; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "baseline save with --config=/proc/self/pagemap ends in seconds (${ms} ms, rc $rc)" '[ "$rc" -le 3 ] && [ "$ms" -lt 20000 ]'
check "baseline save: the pseudo-file is an error naming it" 'grep -q "/proc/self/pagemap: " "$tmp/err"'
check "baseline save: no temporary file is left behind" '! ls -a "$tmp" | grep -q "^\.b\.txt\."'

# a path whose name holds a terminal escape: what stderr says of it is escaped
timeout 60 "$bin" baseline save "$tmp/esc.txt" --root "$tmp/$(printf 'evil\033]0;owned\007\033[2J')" 2> "$tmp/err"
check "stderr names the hostile path, escaped" 'grep -qF "evil\\x1b]0;owned\\x07\\x1b[2J" "$tmp/err"'
check "no terminal escape reaches stderr" '! grep -q $'"'"'\033'"'"' "$tmp/err"'

echo "1..$n"
[ "$failed" = 0 ]
