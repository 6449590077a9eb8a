#!/usr/bin/env bash
# hostile/modules: a module directory built to lead libkmod astray — module
# indexes that link out of the root (absolutely, by climbing, the whole release
# directory) and FIFOs where kmod's index files are, and a modprobe.d line that
# libkmod would log with its terminal escape. A secret outside the root must
# never show up nor be opened; every scan must end; nothing of libkmod reaches
# stderr; the module checks must be errors that say which file and why.
set -uo pipefail
bin=${NODEAUDIT:?}
tmp=$(mktemp -d /tmp/nodeaudit-hostile-kmod-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
n=0 failed=0
echo "TAP version 13"
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); fi; }

rel=6.1.0-hostile
secret="NODEAUDIT-SECRET-$$-$RANDOM"
# A kmod index (modules.*.bin) of one key and one value: a root node with the
# key as its prefix (big-endian words: magic, version 2.1, root offset with the
# prefix and values flags; then the prefix, one value of priority 0).
mkindex() { # KEY VALUE
  printf '\xb0\x07\xf4\x57\x00\x02\x00\x01\xc0\x00\x00\x0c%s\0\x00\x00\x00\x01\x00\x00\x00\x00%s\0' "$1" "$2"
}
# Outside the root: a secret, and a module tree whose index names it.
out="$tmp/outside"; mkdir -p "$out/tree"
echo "$secret" > "$out/secret"
mkindex cramfs "kernel/$secret/cramfs.ko:" > "$out/modules.dep.bin"
mkindex freevxfs "$secret" > "$out/modules.alias.bin"
cp "$out/modules.dep.bin" "$out/tree/modules.dep.bin"
ln -s ../secret "$out/tree/modules.softdep"

# A node that is sound but for its module directory.
base() { # NAME -> prints the root
  local r="$tmp/$1"; mkdir -p "$r/proc/sys/kernel" "$r/etc/modprobe.d" "$r/lib/modules/$rel/kernel/fs/cramfs"
  echo "$rel" > "$r/proc/sys/kernel/osrelease"; : > "$r/proc/modules"
  printf 'root:x:0:0::/root:/bin/sh\n' > "$r/etc/passwd"
  printf 'install cramfs /bin/false\nblacklist cramfs\n' > "$r/etc/modprobe.d/cis.conf"
  printf 'x' > "$r/lib/modules/$rel/kernel/fs/cramfs/cramfs.ko"
  mkindex cramfs "kernel/fs/cramfs/cramfs.ko:" > "$r/lib/modules/$rel/modules.dep.bin"
  echo "$r"
}
cases=()
hostile() { # NAME CHECK WORDS: the root's module check CHECK is an error naming WORDS
  cases+=("$1|$2|$3")
}
r=$(base dep-link-abs); ln -sf "$out/modules.dep.bin" "$r/lib/modules/$rel/modules.dep.bin"
hostile dep-link-abs module.cramfs "modules.dep.bin: .*link"
r=$(base dep-link-climb); ln -sf ../../../../outside/modules.dep.bin "$r/lib/modules/$rel/modules.dep.bin"
hostile dep-link-climb module.cramfs "modules.dep.bin: .*link"
r=$(base release-link); rm -rf "${r:?}/lib/modules/$rel"; ln -s "$out/tree" "$r/lib/modules/$rel"
hostile release-link module.cramfs "/lib/modules/$rel: .*link"
r=$(base dep-fifo); rm "$r/lib/modules/$rel/modules.dep.bin"; mkfifo "$r/lib/modules/$rel/modules.dep.bin"
hostile dep-fifo module.cramfs "modules.dep.bin: a FIFO"
r=$(base softdep-fifo); mkfifo "$r/lib/modules/$rel/modules.softdep"
hostile softdep-fifo module.cramfs "modules.softdep: a FIFO"
r=$(base softdep-link); ln -s "$out/secret" "$r/lib/modules/$rel/modules.softdep"
hostile softdep-link module.cramfs "modules.softdep: .*link"
r=$(base alias-fifo); mkfifo "$r/lib/modules/$rel/modules.alias.bin"
hostile alias-fifo module.freevxfs "modules.alias.bin: a FIFO"
r=$(base alias-link); ln -s "$out/modules.alias.bin" "$r/lib/modules/$rel/modules.alias.bin"
hostile alias-link module.freevxfs "modules.alias.bin: .*link"
r=$(base symbols-fifo); mkfifo "$r/lib/modules/$rel/modules.symbols.bin"
mkfifo "$r/lib/modules/$rel/modules.builtin.bin" "$r/lib/modules/$rel/modules.builtin.alias.bin"
mkfifo "$r/lib/modules/$rel/modules.builtin.modinfo" "$r/lib/modules/$rel/modules.devname"
r=$(base config-bad); printf 'bogus\033]0;pwned\007 line\nblacklist \033[2J\n' >> "$r/etc/modprobe.d/cis.conf"

have_strace=false
strace -f -o /dev/null true 2>/dev/null && have_strace=true
for c in "${cases[@]}" "symbols-fifo||" "config-bad||"; do
  IFS='|' read -r name id words <<< "$c"
  r="$tmp/$name"
  start=$(date +%s%N)
  timeout 30 "$bin" --root "$r" --profile host-baseline --format jsonl > "$tmp/out" 2> "$tmp/err"; rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  check "$name: the scan ends by itself (rc $rc)" '[ "$rc" -le 3 ]'
  check "$name: within 20 seconds (${ms} ms)" '[ "$ms" -lt 20000 ]'
  check "$name: the secret outside the root never appears" '! grep -q "$secret" "$tmp/out" "$tmp/err"'
  check "$name: every error says why" '! grep -q "\"status\":\"error\"[^}]*\"reason\":null" "$tmp/out"'
  check "$name: nothing of libkmod reaches stderr" '! LC_ALL=C grep -qP "libkmod|\x1b" "$tmp/err"'
  if [ -n "$id" ]; then
    line=$(grep -m1 "\"id\":\"$id\"" "$tmp/out")
    check "$name: $id is an error naming \"$words\"" \
      'echo "$line" | grep -q "\"status\":\"error\"" && echo "$line" | grep -q "\"reason\":\"[^\"]*$words"'
  else
    check "$name: the module checks judge from modules.dep.bin and modprobe.d" \
      'grep "\"id\":\"module.cramfs\"" "$tmp/out" | grep -q "\"status\":\"pass\""'
  fi
  if $have_strace; then
    # -y names the file each descriptor resolved to, whatever path was asked for.
    strace -f -y -qq -o "$tmp/trace" -e trace=open,openat,openat2 timeout 30 \
      "$bin" --root "$r" --profile host-baseline --format jsonl > /dev/null 2>&1
    check "$name: strace: nothing outside the root is opened" \
      '! grep -E "open(at2?)?\(" "$tmp/trace" | grep -q "$out"'
    check "$name: strace: every node file opened resolves inside the root" \
      '! grep -oE "= [0-9]+<[^>]*>" "$tmp/trace" | grep "<$tmp/" | grep -vqE "<$r(/|>)"'
  fi
done
$have_strace || echo "# strace is missing or cannot trace here: the open checks were not run"
echo "1..$n"
[ "$failed" = 0 ]
