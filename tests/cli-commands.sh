#!/usr/bin/env bash
# cli-commands: the command and option tables — help, dispatch, completion — and the atomic output.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
tmp=$(mktemp -d /tmp/nodeaudit-cli-commands-XXXXXX)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0 failed=0

ok()  { passed=$((passed + 1)); echo "ok $((passed + failed)) - $1"; }
bad() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $1"; }
# expect CODE DESCRIPTION -- COMMAND...: runs it, output in $tmp/out and $tmp/err
expect() {
  local want=$1 what=$2; shift 3
  timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" = "$want" ]; then ok "$what (exit $got)"; else bad "$what: exit $got, wanted $want"; sed 's/^/# /' "$tmp/err" | head -5; fi
}
has() { if grep -q -- "$2" "$tmp/$1"; then ok "$3"; else bad "$3: no '$2' in $1"; cut -c1-300 "$tmp/$1" | sed 's/^/# /' | head -5; fi; }
# empty DIR DESCRIPTION: nothing (no temporary either) was left in DIR
empty() { local left; left=$(ls -A "$1"); if [ -z "$left" ]; then ok "$2"; else bad "$2: left $left"; fi; }

"$src/tests/fixture-copy.sh" "$fixtures/cp-kubeadm" "$tmp/node"

echo "TAP version 13"

# baseline save: whatever fails, neither the file nor its temporary is left.
mkdir "$tmp/ro"; chmod 555 "$tmp/ro"
expect 3 "baseline save into a read-only directory" -- "$bin" baseline save "$tmp/ro/b.txt" --root "$tmp/node"
has err "cannot write" "the failure is named"
empty "$tmp/ro" "a read-only directory keeps no .b.txt.XXXXXX"
expect 3 "baseline save into a vanished directory" -- "$bin" baseline save "$tmp/gone/b.txt" --root "$tmp/node"
if [ ! -e "$tmp/gone" ]; then ok "nothing is created for a vanished directory"; else bad "nothing is created for a vanished directory"; fi
mkdir "$tmp/bl"
expect 3 "baseline save of an unreadable root" -- "$bin" baseline save "$tmp/bl/b.txt" --root "$tmp/no-such-root"
empty "$tmp/bl" "an unreadable root leaves no baseline and no temporary"
mkdir "$tmp/bl/b.txt"
expect 3 "baseline save over a directory (the rename fails)" -- "$bin" baseline save "$tmp/bl/b.txt" --root "$tmp/node"
if [ "$(ls -A "$tmp/bl")" = b.txt ]; then ok "a failed rename removes the temporary"; else bad "a failed rename removes the temporary: $(ls -A "$tmp/bl")"; fi
rmdir "$tmp/bl/b.txt"
expect 3 "baseline save past the file size limit (the write fails)" -- bash -c 'trap "" XFSZ; ulimit -f 1; exec "$@"' - "$bin" baseline save "$tmp/bl/b.txt" --root "$tmp/node"
empty "$tmp/bl" "a failed write removes the temporary"
expect 0 "baseline save" -- "$bin" baseline save "$tmp/bl/b.txt" --root "$tmp/node"
if [ "$(ls -A "$tmp/bl")" = b.txt ] && [ "$(stat -c %a "$tmp/bl/b.txt")" = 600 ]; then ok "a saved baseline is the only file left, mode 0600"; else bad "a saved baseline is the only file left, mode 0600"; fi

# scan --output: the old report stays whole until the new one replaces it.
mkdir "$tmp/rep"
echo previous > "$tmp/rep/r.json"
expect 3 "scan --output past the file size limit" -- bash -c 'trap "" XFSZ; ulimit -f 1; exec "$@"' - "$bin" --root "$tmp/node" --format json --output "$tmp/rep/r.json"
has err "cannot write the report to $tmp/rep/r.json" "the failed write is named"
if [ "$(cat "$tmp/rep/r.json")" = previous ] && [ "$(ls -A "$tmp/rep")" = r.json ]; then ok "a failed --output leaves the previous report and no temporary"; else bad "a failed --output leaves the previous report and no temporary: $(ls -A "$tmp/rep")"; fi
inode=$(stat -c %i "$tmp/rep/r.json")
expect 1 "scan --output" -- "$bin" --root "$tmp/node" --format json --output "$tmp/rep/r.json"
if [ ! -s "$tmp/out" ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/rep/r.json" && [ "$(stat -c %a "$tmp/rep/r.json")" = 644 ]; then ok "the report is whole JSON, mode 0644, nothing on stdout"; else bad "the report is whole JSON, mode 0644, nothing on stdout"; fi
if [ "$(stat -c %i "$tmp/rep/r.json")" != "$inode" ] && [ "$(ls -A "$tmp/rep")" = r.json ]; then ok "the report replaced the old one by a rename, no temporary left"; else bad "the report replaced the old one by a rename, no temporary left"; fi
chmod 555 "$tmp/rep"
expect 3 "scan --output into a read-only directory" -- "$bin" --root "$tmp/node" --output "$tmp/rep/r.json"
if [ "$(ls -A "$tmp/rep")" = r.json ]; then ok "a read-only directory keeps no temporary"; else bad "a read-only directory keeps no temporary"; fi
chmod 755 "$tmp/rep"

echo "1..$((passed + failed))"
echo "# $passed passed, $failed failed"
[ "$failed" = 0 ]
