#!/usr/bin/env bash
# sshd-oracle: every config of tests/oracles/sshd-corpus goes through
# nodeaudit's sshd model and through OpenSSH's own `sshd -T` (in a private mount
# namespace with the case's files bound over /etc/ssh); the effective values
# must agree, and so must the verdict on whether sshd accepts the file at all.
set -uo pipefail
dump=${SSHD_DUMP:?} src=${SOURCE_DIR:?}
sshd=/usr/sbin/sshd
if [ ! -x "$sshd" ] || ! command -v unshare >/dev/null; then
  echo "1..0 # SKIP openssh-server or unshare is missing (make test installs them)"; exit 0
fi
tmp=$(mktemp -d /tmp/nodeaudit-sshd-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ssh-keygen -q -t ed25519 -N '' -f "$tmp/hostkey" </dev/null >/dev/null
mkdir -p /run/sshd
n=0 failed=0
echo "TAP version 13"
for case in "$src"/tests/oracles/sshd-corpus/*/; do
  name=$(basename "$case"); n=$((n + 1))
  root="$tmp/$name"; mkdir -p "$root/etc"; cp -r "$case" "$root/etc/ssh"
  "$dump" "$root" > "$tmp/ours" 2>&1
  unshare -m sh -c "mount --bind '$root/etc/ssh' /etc/ssh && $sshd -T -f /etc/ssh/sshd_config -h '$tmp/hostkey'" > "$tmp/theirs.raw" 2>&1
  rc=$?
  if grep -q '^invalid$' "$tmp/ours"; then
    if [ "$rc" != 0 ]; then echo "ok $n - $name: both refuse the config"; else
      echo "not ok $n - $name: nodeaudit refuses, sshd accepts"; sed 's/^/# /' "$tmp/ours"; failed=$((failed + 1)); fi
    continue
  fi
  if [ "$rc" != 0 ]; then
    echo "not ok $n - $name: sshd refuses (rc $rc), nodeaudit accepts"; sed 's/^/# /' "$tmp/theirs.raw" | head -5; failed=$((failed + 1)); continue
  fi
  # sshd prints accumulating keywords one item a line: join them.
  awk '{k=$1; $1=""; sub(/^ /,""); if (k in v) v[k]=v[k] " " $0; else { v[k]=$0; o[++c]=k } } END { for (i=1;i<=c;i++) print o[i], v[o[i]] }' "$tmp/theirs.raw" > "$tmp/theirs"
  bad=0
  while read -r k val; do
    want=$(grep -m1 "^$k " "$tmp/theirs" | cut -d' ' -f2-)
    if [ "$want" != "$val" ]; then echo "# $name: $k: nodeaudit '$val', sshd -T '$want'"; bad=1; fi
  done < "$tmp/ours"
  if [ "$bad" = 0 ]; then echo "ok $n - $name: $(wc -l < "$tmp/ours") settings agree"; else echo "not ok $n - $name"; failed=$((failed + 1)); fi
done
echo "1..$n"
[ "$failed" = 0 ]
