#!/usr/bin/env bash
# modules-oracle: nodeaudit's module model against kmod's own modprobe, on the
# host fixtures' fake module trees: what `modprobe -n -v` would do for each
# module (install command, insmod of a file, nothing for a builtin, failure for
# a missing one), and whether `modprobe -c` lists it as blacklisted.
set -uo pipefail
dump=${MODULES_DUMP:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
if [ ! -x /sbin/modprobe ] || ! command -v objcopy >/dev/null; then
  echo "1..0 # SKIP kmod or binutils is missing (make test installs them)"; exit 0
fi
tmp=$(mktemp -d /tmp/nodeaudit-kmod-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
names="cramfs freevxfs hfs hfsplus jffs2 squashfs udf usb-storage usb_storage dccp sctp rds tipc overlay"
n=0 failed=0
echo "TAP version 13"
for fx in host-hardened host-weak; do
  root="$tmp/$fx"; "$src/tests/helpers/fixture-copy.sh" "$fixtures/$fx" "$root"
  rel=$(cat "$root/proc/sys/kernel/osrelease")
  conf=(); for d in etc/modprobe.d run/modprobe.d usr/local/lib/modprobe.d lib/modprobe.d; do conf+=(-C "$root/$d"); done
  "$dump" "$root" $names > "$tmp/ours"
  blacklist=$(/sbin/modprobe -c -d "$root" -S "$rel" "${conf[@]}" 2>/dev/null | awk '$1 == "blacklist" { gsub("-", "_", $2); print $2 }')
  for name in $names; do
    n=$((n + 1))
    out=$(/sbin/modprobe -n -v -d "$root" -S "$rel" "${conf[@]}" "$name" 2>/dev/null); rc=$?
    out=$(echo "$out" | sed "s#$root##; s/ *$//" | head -1)
    if [ "$rc" != 0 ]; then theirs="missing"; elif [ -z "$out" ]; then theirs="builtin"; else theirs="$out"; fi
    norm=${name//-/_}
    if echo "$blacklist" | grep -qx "$norm"; then theirs="$theirs blacklisted=yes"; else theirs="$theirs blacklisted=no"; fi
    ours=$(grep -m1 "^$name " "$tmp/ours" | cut -d' ' -f2-)
    if [ "$ours" = "$theirs" ]; then echo "ok $n - $fx $name: $ours"; else
      echo "not ok $n - $fx $name: nodeaudit '$ours', modprobe '$theirs'"; failed=$((failed + 1)); fi
  done
done
echo "1..$n"
[ "$failed" = 0 ]
