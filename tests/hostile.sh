#!/usr/bin/env bash
# hostile: a node root built to hurt the scanner — links out of the root, a
# link to /proc/self/root, FIFOs, a socket and a device at config paths, a 2 GB
# sparse file, deep YAML, an alias bomb, control bytes and invalid UTF-8, a
# 10 MB command line, 100,000 /proc entries. A secret outside the root must
# never show up; every scan must end, in seconds, with errors that say why.
set -uo pipefail
bin=${NODEAUDIT:?} mksock=${MKSOCK:?}
tmp=$(mktemp -d /tmp/nodeaudit-hostile-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
n=0 failed=0
echo "TAP version 13"
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); fi; }

secret="NODEAUDIT-SECRET-$$-$RANDOM"
mkdir -p "$tmp/outside"; echo "$secret" > "$tmp/outside/secret"; echo "token: $secret" > "$tmp/outside/secret.yaml"
r="$tmp/root"; mkdir -p "$r/etc/kubernetes/pki" "$r/var/lib/kubelet" "$r/etc/kubelet.d" "$r/etc/ssh/sshd_config.d" \
  "$r/etc/modprobe.d" "$r/proc/sys/kernel" "$r/lib/modules/6.1.0-hostile" "$r/sys/module/apparmor/parameters"
echo "6.1.0-hostile" > "$r/proc/sys/kernel/osrelease"
printf 'root:x:0:0::/root:/bin/sh\n' > "$r/etc/passwd"
# links that try to leave the root
ln -s ../../../outside/secret.yaml "$r/var/lib/kubelet/config.yaml"
ln -s "$tmp/outside/secret" "$r/etc/kubernetes/kubelet.conf"
ln -s /proc/self/root/etc/shadow "$r/etc/kubernetes/pki/ca.crt"
ln -s ../../../../../../../../../../ "$r/etc/kubernetes/up"
ln -s "$tmp/outside" "$r/etc/kubernetes/pki/outside"
# special files where files are expected
mkfifo "$r/etc/kubelet.d/10-fifo.conf"
"$mksock" "$r/etc/kubelet.d/20-sock.conf"
mknod "$r/etc/kubelet.d/30-dev.conf" c 1 3
truncate -s 2G "$r/etc/kubelet.d/40-huge.conf"
# deep YAML and an alias bomb
{ for i in $(seq 1 5000); do printf '['; done; for i in $(seq 1 5000); do printf ']'; done; } > "$r/etc/kubelet.d/50-deep.conf"
{ echo 'a0: &a0 [lol]'; for i in $(seq 1 30); do printf 'a%d: &a%d [' "$i" "$i"; for j in 1 2 3 4 5 6 7 8 9; do printf '*a%d, ' $((i-1)); done; echo "*a$((i-1))]"; done; } > "$r/etc/kubelet.d/60-bomb.conf"
# sshd: a FIFO include, a link out, bytes that are not text
ln -s "$tmp/outside/secret" "$r/etc/ssh/sshd_config.d/10-out.conf"
mkfifo "$r/etc/ssh/sshd_config.d/20-fifo.conf"
printf 'Include /etc/ssh/sshd_config.d/*.conf\nBanner \x1b[2J\xff\xfe\nPermitRootLogin \x00yes\n' > "$r/etc/ssh/sshd_config"
mkfifo "$r/etc/modprobe.d/fifo.conf"
ln -s "$tmp/outside/secret" "$r/etc/modprobe.d/out.conf"
mkfifo "$r/sys/module/apparmor/parameters/enabled"
# processes: a kubelet whose command line is 10 MB, another with control bytes, 100,000 entries
mkdir -p "$r/proc/100"
{ printf '/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0--config-dir=/etc/kubelet.d\0--kubeconfig=/etc/kubernetes/kubelet.conf\0--hostname-override=\x1b]0;x\x07\xff\0'; head -c 10000000 /dev/zero | tr '\0' 'a'; printf '\0'; } > "$r/proc/100/cmdline"
ln -s "$tmp/outside" "$r/proc/100/cwd"
mkdir -p "$r/proc/200"; printf 'kube-proxy\0--config\0/proc/self/root/etc/shadow\0' > "$r/proc/200/cmdline"
mkdir -p "$r/proc/200/root"; ln -s ../../../../outside "$r/proc/200/root/escape"
(cd "$r/proc" && seq 1000 101000 | xargs mkdir -p)

for profile in cis-1.12-worker cis-1.12-control-plane host-baseline; do
  start=$(date +%s%N)
  timeout 60 "$bin" --root "$r" --profile "$profile" --format json > "$tmp/out" 2> "$tmp/err"; rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  check "$profile: the scan ends by itself (rc $rc)" '[ "$rc" -le 3 ]'
  check "$profile: within 20 seconds (${ms} ms)" '[ "$ms" -lt 20000 ]'
  check "$profile: the secret outside the root never appears" '! grep -q "$secret" "$tmp/out" "$tmp/err"'
  check "$profile: every error says why" '! grep -q "\"status\":\"error\"[^}]*\"reason\":null" "$tmp/out"'
  check "$profile: no control byte reaches the output" '! LC_ALL=C grep -qP "[\x00-\x08\x0b-\x1f\x7f]" "$tmp/out"'
  check "$profile: the report is one JSON document" '[ "$(head -c 10 "$tmp/out")" = "{\"schema\":" ] && tail -c 3 "$tmp/out" | grep -q "}}"'
done
timeout 60 "$bin" --root "$r" --profile cis-1.12-worker --format text > "$tmp/out" 2>&1
check "text report: no terminal escape from the node" '! grep -q $'"'"'\033'"'"' "$tmp/out"'
timeout 60 "$bin" --root "$r" --profile cis-1.12-worker --format json --check 4.2.1 > "$tmp/out" 2>&1
check "the 10 MB command line is an error, not a pass" 'grep -q "\"status\":\"error\".*size limit" "$tmp/out"'
echo "1..$n"
[ "$failed" = 0 ]
