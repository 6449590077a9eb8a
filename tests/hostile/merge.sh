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

# --- merge: forged reports ----------------------------------------------------
# forge OUT SRC CODE [ARG]: SRC's report, changed by the Python CODE (d is the document,
# at(S) the time S seconds from now, sys.argv[4] ARG), written to OUT on one line
forge() {
  $py - "$1" "$2" "$3" "${4:-}" <<'PY'
import datetime, json, sys
out, src, code = sys.argv[1:4]
d = json.load(open(src))
now = datetime.datetime.now(datetime.timezone.utc)
def at(seconds): return (now + datetime.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")
exec(code)
open(out, "w", encoding="utf-8").write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
PY
}
# jsonq FILE EXPR: EXPR holds for the JSON document d in FILE
jsonq() { $py -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
m="$tmp/m"; mkdir -p "$m"
forge "$m/good.json" "$tmp/b.json" 'd["node"]["hostname"]="good-node"'

# A result with an empty id (and no number or title) crashed the merge.
forge "$m/empty-id.json" "$tmp/a.json" 'd["node"]["hostname"]="forged"; d["results"][0].update(id="", status="fail", benchmark_id=None, title=None)'
run "$bin" merge "$m/good.json" "$m/empty-id.json"
check "a result with an empty id: no crash, the rest merges (rc $rc)" '[ "$rc" = 0 ] && grep -q "^1 node scanned" "$tmp/out"'
check "a result with an empty id: the report is set aside, named, with why" \
  'grep -q "empty-id.json:1:[0-9]*: not a nodeaudit/v1 report: a result without an id" "$tmp/err" && grep -q "^Set aside" "$tmp/out"'
forge "$m/empty-id2.json" "$tmp/a.json" 'd["node"]["hostname"]="forged"; d["results"][0].update(id="", status="fail")'
run "$bin" merge "$m/empty-id2.json"
check "a result with an empty id but a number and title: set aside, no crash (rc $rc)" '[ "$rc" = 2 ] && grep -q "without an id" "$tmp/err"'

forge "$m/no-number.json" "$tmp/a.json" 'd["results"][0].update(status="fail", benchmark_id=None, title=None)'
run "$bin" merge "$m/no-number.json"
check "a failing result without a number or title: merged, nothing made up (rc $rc)" \
  '[ "$rc" = 0 ] && grep -q "^    1/1           kubelet.service-file-permissions: worker-kubeadm" "$tmp/out" && ! grep -q "(null)" "$tmp/out"'

# A report dated 9999 under a node's hostname must not hide its real, failing report.
forge "$m/real.json" "$tmp/a.json" 'd["started_at"]=at(-3600)'
forge "$m/future.json" "$tmp/b.json" 'd["node"]["hostname"]="worker-kubeadm"; d["started_at"]="9999-12-31T23:59:59Z"'
for order in "real.json future.json" "future.json real.json"; do
  set -- $order
  run "$bin" merge --format json "$m/$1" "$m/$2"
  cp "$tmp/out" "$tmp/future.out.json"
  check "dated 9999 ($order): the real, failing report stands (rc $rc)" \
    'jsonq "$tmp/future.out.json" "d[\"nodes_scanned\"]==1 and d[\"nodes\"][0][\"score\"]==83.3 and d[\"nodes\"][0][\"report\"].endswith(\"real.json\") and d[\"nodes\"][0][\"fail\"]==7"'
  check "dated 9999 ($order): flagged, and listed as in the future" \
    'jsonq "$tmp/future.out.json" "set(d[\"nodes\"][0][\"flags\"])=={\"duplicate_hostname\",\"future_report_set_beside\"} and d[\"nodes\"][0][\"set_beside\"][0][\"future\"] is True and d[\"nodes_flagged\"]==1"'
done
run "$bin" merge "$m/future.json" "$m/real.json"
check "dated 9999: the text says so" \
  'grep -q "83.3  worker-kubeadm .*\[flagged\]" "$tmp/out" && grep -q "future.json, started 9999-12-31T23:59:59Z, score 100.0: dated in the future, not trusted" "$tmp/out"'
forge "$m/skew.json" "$tmp/b.json" 'd["node"]["hostname"]="skewed"; d["started_at"]=at(60)'
forge "$m/hour.json" "$tmp/b.json" 'd["node"]["hostname"]="hour-ahead"; d["started_at"]=at(3600)'
run "$bin" merge --format json "$m/skew.json" "$m/hour.json"
check "a minute ahead is clock skew; an hour ahead is in the future" \
  'jsonq "$tmp/out" "{n[\"hostname\"]:n[\"flags\"] for n in d[\"nodes\"]}=={\"skewed\":[],\"hour-ahead\":[\"future_started_at\"]}"'
run "$bin" merge "$m/hour.json"
check "a node whose only report is in the future is shown, flagged as not trusted" \
  'grep -q "hour-ahead: its only report is dated in the future; it stands, not trusted" "$tmp/out"'

# Two plausible reports for one hostname: the latest stands, and both are shown.
forge "$m/older.json" "$tmp/a.json" 'd["started_at"]=at(-7200)'
forge "$m/newer.json" "$tmp/b.json" 'd["node"]["hostname"]="worker-kubeadm"; d["started_at"]=at(-60)'
run "$bin" merge --format json "$m/newer.json" "$m/older.json"
check "a duplicate hostname: the latest stands, flagged, the other set beside" \
  'jsonq "$tmp/out" "d[\"nodes\"][0][\"report\"].endswith(\"newer.json\") and d[\"nodes\"][0][\"flags\"]==[\"duplicate_hostname\"] and d[\"nodes\"][0][\"reports\"]==2 and d[\"nodes\"][0][\"set_beside\"][0][\"report\"].endswith(\"older.json\")"'
run "$bin" merge "$m/newer.json" "$m/older.json"
check "a duplicate hostname: the text says so" 'grep -q "worker-kubeadm: 2 reports name it; the latest not dated in the future stands: .*newer.json" "$tmp/out"'

# U+0080 in a hostname is valid JSON: it merges, shown escaped. A report that is not
# JSON is set aside, and the rest merge.
forge "$m/c1.json" "$tmp/a.json" 'd["node"]["hostname"]="evil\u0080host\u009b31m"'
printf '{"schema":"nodeaudit/v1","node":{"hostname":"raw-ctl\x01"},"results":[],"summary":{"score":1}}\n' > "$m/rawctl.json"
printf '{"schema":"nodeaudit/v1","node":{"hostname":"\xff\xfe"},"results":[],"summary":{"score":1}}\n' > "$m/notutf8.json"
printf '{"schema":"nodeaudit/v1","results":&a [],"summary":*a}\n' > "$m/yaml.json"
head -c 300 "$tmp/a.json" > "$m/cut.json"
run "$bin" merge "$m/good.json" "$m/c1.json" "$m/rawctl.json" "$m/notutf8.json" "$m/yaml.json" "$m/cut.json"
check "U+0080 in a hostname beside a good report: both merge (rc $rc)" '[ "$rc" = 0 ] && grep -q "^2 nodes scanned" "$tmp/out"'
check "U+0080 in a hostname: shown escaped" 'grep -qF "evil\\u0080host\\u009b31m" "$tmp/out" && ! unsafe "$tmp/out"'
check "reports that are not JSON are set aside, each named with why" \
  'grep -q "rawctl.json:1:[0-9]*: not JSON: a control character inside a string" "$tmp/err" &&
   grep -q "notutf8.json:1:[0-9]*: not JSON: bytes that are not UTF-8" "$tmp/err" &&
   grep -q "yaml.json:1:[0-9]*: not JSON: a character outside a string" "$tmp/err" &&
   grep -q "cut.json" "$tmp/err" && grep -q "^Set aside, not merged (4 of 6 reports)" "$tmp/out"'
check "set-aside reports are named in the output too" 'grep -q "^  .*rawctl.json:1:[0-9]*: not JSON" "$tmp/out"'
forge "$m/pair.json" "$tmp/b.json" 'd["node"]["hostname"]="emoji-\U0001F600"'
sed -i 's/\xf0\x9f\x98\x80/\\ud83d\\ude00/' "$m/pair.json"
forge "$m/nul.json" "$tmp/b.json" 'd["node"]["hostname"]="good-node\u0000x"'
run "$bin" merge --format json "$m/good.json" "$m/pair.json" "$m/nul.json"
check "a surrogate pair merges; \\u0000 cannot shorten a hostname into another's" \
  'jsonq "$tmp/out" "sorted(n[\"hostname\"] for n in d[\"nodes\"])==[\"emoji-\U0001F600\",\"good-node\",\"good-node\ufffdx\"] and d[\"nodes_flagged\"]==0"'
mkfifo "$m/pipe.json"
run "$bin" merge "$m/good.json" "$m/pipe.json"
check "a FIFO given as a report is set aside, not waited on (rc $rc)" '[ "$rc" = 0 ] && grep -q "pipe.json: not a regular file" "$tmp/err"'

# A 200 MB line on standard input is skipped as it streams by, never held.
$py - "$tmp/a.json" "$tmp/b.json" "$bin" > "$tmp/big" <<'PY'
import resource, subprocess, sys, threading
a, b, binary = sys.argv[1:4]
p = subprocess.Popen([binary, "merge", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
got = {}
def drain(name, f): got[name] = f.read()
ts = [threading.Thread(target=drain, args=(n, f)) for n, f in (("out", p.stdout), ("err", p.stderr))]
for t in ts: t.start()
p.stdin.write(open(a, "rb").read())
p.stdin.write(b'2026-11-22T10:00:00Z stdout F {"schema":"nodeaudit/v1","pad":"')
chunk = b"x" * (1 << 20)
for _ in range(200): p.stdin.write(chunk)
p.stdin.write(b'"}\n')
p.stdin.write(open(b, "rb").read())
p.stdin.close()
rc = p.wait()
for t in ts: t.join()
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stdout.write(got["out"].decode(errors="replace") + got["err"].decode(errors="replace"))
PY
read -r big_rc big_rss < "$tmp/big"
check "a 200 MB line: the merge goes on (rc $big_rc) and both other reports merge" '[ "$big_rc" = 0 ] && grep -q "^2 nodes scanned" "$tmp/big"'
check "a 200 MB line: peak memory stays under 64 MB (${big_rss} KB)" '[ "$big_rss" -lt 65536 ]'
check "a 200 MB line: set aside with the reason" 'grep -q "stdin:2: a line longer than 4194304 bytes, not read" "$tmp/big"'
{ printf '{"schema":"nodeaudit/v1","pad":"'; head -c 5000000 /dev/zero | tr '\0' x; printf '"}\n'; } > "$m/huge.json"
run "$bin" merge "$m/good.json" "$m/huge.json"
check "a 5 MB report file is set aside unread (rc $rc)" '[ "$rc" = 0 ] && grep -q "huge.json: larger than 4194304 bytes, not read" "$tmp/err"'

# Terminal escapes in every field a report gives, and in a report's file name.
esc=$'\x1b]0;pwned\x07\x1b[2J\xc2\x9b31m\xef\xbf\xbe'
forge "$m/esc.json" "$tmp/a.json" "
e=sys.argv[4]
d['node']['hostname']='h'+e; d['profile']['name']='p'+e; d['started_at']=at(-5)
for r in d['results']: r.update(id=r['id']+e, benchmark_id=r['benchmark_id']+e, title=r['title']+e)
" "$esc"
mkdir -p "$m/esc" && cp "$m/esc.json" "$m/esc/x$esc.json" && cp "$m/esc.json" "$m/esc/y.json"
printf '{"schema":"nodeaudit/v1","node":&x}\n' > "$m/esc/z$esc.json"
for fmt in text json html; do
  run "$bin" merge --format "$fmt" "$m/esc"
  check "merge --format $fmt: no C0, C1, ESC or non-character from a report or its file name (rc $rc)" \
    '[ "$rc" = 0 ] && ! unsafe "$tmp/out" && ! unsafe "$tmp/err"'
done
run "$bin" merge "$m/esc"
check "merge text: a report's escapes are shown escaped" 'grep -qF "h\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m\\ufffe" "$tmp/out"'
check "merge text: a file name's escapes are shown escaped" 'grep -qF "/z\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m\\ufffe.json:1:" "$tmp/err"'
printf 'noise \x1b[2J\n{"schema":"nodeaudit/v1","x":"\x1b"}\n' | "$bin" merge - > "$tmp/out" 2> "$tmp/err"
check "merge of standard input: nothing unescaped on stderr either" '! unsafe "$tmp/err" && grep -q "stdin:2:" "$tmp/err"'

# The merged JSON keeps to its schema, flags and set-aside reports included.
if $py -c 'import jsonschema' 2> /dev/null; then
  run "$bin" merge --format json "$m/real.json" "$m/future.json" "$m/esc" "$m/c1.json" "$m/rawctl.json" "$m/hour.json"
  check "merged JSON validates against docs/schema/nodeaudit-fleet-v1.schema.json" \
    '$py -c "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))" "$tmp/out" "$src/docs/schema/nodeaudit-fleet-v1.schema.json"'
else
  n=$((n + 1)); echo "ok $n - merged JSON schema # SKIP python3-jsonschema is missing"
fi

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
