#!/usr/bin/env bash
# hostile/merge: every report is hostile, and so is the node. Forged reports
# (an empty id, a date in 9999, a stolen hostname, C1 controls, a 200 MB line,
# terminal escapes) must not crash, hide or abort `merge`; nothing a report or
# a node holds reaches a terminal or a document unescaped, in any format.
set -uo pipefail
bin=${NODEAUDIT:?} src=${SOURCE_DIR:?}
py=python3
tmp=$(mktemp -d /tmp/nodeaudit-hostile-merge-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
n=0 failed=0
echo "TAP version 13"
check() {
  n=$((n + 1))
  if eval "$2" > "$tmp/check.out" 2>&1; then echo "ok $n - $1"
  else echo "not ok $n - $1"; sed 's/^/# /' "$tmp/check.out" | head -10; failed=$((failed + 1)); fi
}
# run CMD...: output in $tmp/out and $tmp/err, status in $rc
run() { timeout 120 "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?; }
# unsafe FILE: a C0 control (but tab and newline), DEL, ESC, a C1 control or a
# non-character (U+FDD0-U+FDEF, U+FFFE, U+FFFF) as raw bytes
unsafe() { LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]' "$1"; }
have() { command -v "$1" > /dev/null; }

# Two real reports to forge from.
"$src/tests/helpers/fixture-copy.sh" "$src/fixtures/worker-kubeadm" "$tmp/wk"
"$src/tests/helpers/fixture-copy.sh" "$src/fixtures/worker-hardened" "$tmp/wh"
"$bin" --root "$tmp/wk" --profile cis-1.12-worker --format json > "$tmp/a.json"
"$bin" --root "$tmp/wh" --profile cis-1.12-worker --format json > "$tmp/b.json"

# --- The node's own bytes, in every format of a scan -----------------------
# /etc/hostname with C1 controls, an ESC sequence and U+FFFE; the kubelet's
# config in a directory whose name has a space, '#' and '%'.
r="$tmp/node"
"$src/tests/helpers/fixture-copy.sh" "$src/fixtures/worker-kubeadm" "$r"
printf 'evil\xc2\x9b31m\x1b]0;pwned\x07\xc2\x80\xef\xbf\xbe\xef\xb7\x90host\n' > "$r/etc/hostname"
weird="/var/lib/kubelet/my dir#1%"
mkdir -p "$r$weird" && mv "$r/var/lib/kubelet/config.yaml" "$r$weird/config.yaml"
$py -c "import sys; p=sys.argv[1]; t=open(p,'rb').read(); open(p,'wb').write(t.replace(b'/var/lib/kubelet/config.yaml', sys.argv[2].encode() + b'/config.yaml'))" \
  "$r/proc/1187/cmdline" "$weird"
for fmt in text json jsonl junit prometheus sarif kube-bench-json html; do
  "$bin" --root "$r" --profile cis-1.12-worker --format "$fmt" > "$tmp/node.$fmt" 2> "$tmp/node.$fmt.err"
  check "scan --format $fmt: no C0, C1, ESC, DEL or non-character from /etc/hostname" '! unsafe "$tmp/node.$fmt"'
done
check "scan --format text: the hostname's controls are shown escaped" \
  'grep -qF "node evil\\u009b31m\\x1b]0;pwned\\x07\\u0080\\ufffe\\ufdd0host," "$tmp/node.text"'
check "scan --format json: the hostname survives, escaped" \
  '$py -c "import json,sys; assert json.load(open(sys.argv[1]))[\"node\"][\"hostname\"]==\"evil\x9b31m\x1b]0;pwned\x07\x80\ufffe\ufdd0host\"" "$tmp/node.json"'
if have xmllint; then
  check "scan --format junit: well-formed XML with U+FFFE in the hostname" 'xmllint --noout "$tmp/node.junit"'
  check "scan --format junit: valid against tests/helpers/junit.xsd" 'xmllint --noout --schema "$src/tests/helpers/junit.xsd" "$tmp/node.junit"'
  check "scan --format html: well-formed for an HTML parser" 'xmllint --html --noout "$tmp/node.html" 2>&1 | { ! grep -qi "invalid char"; }'
fi
check "scan --format sarif: the config's URI is percent-encoded (space, #, %)" \
  'grep -qF "\"uri\":\"file:///var/lib/kubelet/my%20dir%231%25/config.yaml\"" "$tmp/node.sarif"'
check "scan --format sarif: every URI is made of URI characters only" \
  '$py -c "
import json,re,sys
s=json.load(open(sys.argv[1]))
uris=[l[\"physicalLocation\"][\"artifactLocation\"][\"uri\"] for r in s[\"runs\"][0][\"results\"] for l in r.get(\"locations\",[])]
assert uris
for u in uris: assert re.fullmatch(r\"file:///[A-Za-z0-9._~/%-]*\", u), u
" "$tmp/node.sarif"'

# --- baseline diff: file names from the node --------------------------------
"$bin" baseline save "$tmp/node.baseline" --root "$r" 2> /dev/null
touch "$r/etc/kubernetes/x"$'\x1b]0;pwned\x07\xc2\x9b'"31m"$'\xef\xbf\xbe'
ln -s $'\x1b[2J\xc2\x85' "$r/etc/kubernetes/link"
run "$bin" baseline diff "$tmp/node.baseline" --root "$r"
check "baseline diff: the new files are reported (rc $rc)" '[ "$rc" = 1 ] && grep -q "created" "$tmp/out"'
check "baseline diff text: no control or non-character from a file name" '! unsafe "$tmp/out"'
check "baseline diff text: the file name is shown escaped" \
  'grep -qF "created   /etc/kubernetes/x\\x1b]0;pwned\\x07\\u009b31m\\ufffe: a file" "$tmp/out"'
run "$bin" baseline diff "$tmp/node.baseline" --root "$r" --format json
check "baseline diff json: no control or non-character from a file name" '! unsafe "$tmp/out"'

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
