#!/usr/bin/env bash
# formats: every fixture's report in every format, checked by the tool its
# consumer uses — python3-jsonschema for JSON, xmllint against a JUnit XSD,
# promtool for the Prometheus textfile, headless Chromium for the HTML page.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
py=/usr/bin/python3
tmp=$(mktemp -d /tmp/nodeaudit-formats-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
echo "TAP version 13"
check() { n=$((n + 1)); if eval "$2" > "$tmp/check.out" 2>&1; then echo "ok $n - $1"; else echo "not ok $n - $1"; sed 's/^/# /' "$tmp/check.out" | head -10; failed=$((failed + 1)); fi; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
have() { command -v "$1" >/dev/null || [ -x "$1" ]; }

for dir in "$fixtures"/*/; do
  fx=$(basename "$dir"); root="$tmp/$fx"
  "$src/tests/helpers/fixture-copy.sh" "$dir" "$root"
  profile=$(sed -n 's/^# profile //p' "$dir/expected")
  for fmt in json jsonl junit prometheus sarif kube-bench-json html; do
    "$bin" --root "$root" --profile "$profile" --format "$fmt" > "$tmp/$fx.$fmt" 2>/dev/null
  done
  if have "$py" && "$py" -c 'import jsonschema' 2>/dev/null; then
    check "$fx: json validates against docs/schema/nodeaudit-v1.schema.json" \
      '"$py" -c "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))" "$tmp/$fx.json" "$src/docs/schema/nodeaudit-v1.schema.json"'
    check "$fx: jsonl is one result a line, node and profile folded in" \
      '"$py" -c "
import json,sys
doc=json.load(open(sys.argv[1])); lines=[json.loads(l) for l in open(sys.argv[2])]
assert len(lines)==len(doc[\"results\"]), (len(lines), len(doc[\"results\"]))
for l,r in zip(lines, doc[\"results\"]):
    assert l[\"id\"]==r[\"id\"] and l[\"status\"]==r[\"status\"] and l[\"node\"][\"root\"]==doc[\"node\"][\"root\"] and l[\"profile\"]==doc[\"profile\"]
" "$tmp/$fx.json" "$tmp/$fx.jsonl"'
    check "$fx: sarif 2.1.0, one rule and one result a check, failures as errors or warnings" \
      '"$py" -c "
import json,sys
doc=json.load(open(sys.argv[1])); s=json.load(open(sys.argv[2]))
assert s[\"version\"]==\"2.1.0\"; run=s[\"runs\"][0]
assert len(run[\"tool\"][\"driver\"][\"rules\"])==len(run[\"results\"])==len(doc[\"results\"])
for res,r in zip(run[\"results\"], doc[\"results\"]):
    assert res[\"ruleId\"]==r[\"id\"]
    assert (res[\"kind\"]==\"fail\")==(r[\"status\"]==\"fail\")
    assert res[\"level\"] in (\"error\",\"warning\",\"note\",\"none\")
" "$tmp/$fx.json" "$tmp/$fx.sarif"'
    check "$fx: kube-bench-json has kube-bench's layout and totals" \
      '"$py" -c "
import json,sys
doc=json.load(open(sys.argv[1])); kb=json.load(open(sys.argv[2]))
m={\"pass\":\"PASS\",\"fail\":\"FAIL\",\"error\":\"WARN\",\"manual\":\"WARN\",\"skip\":\"INFO\",\"waived\":\"INFO\"}
res=[t for c in kb[\"Controls\"] for sec in c[\"tests\"] for t in sec[\"results\"]]
assert [t[\"test_number\"] for t in res]==[r[\"benchmark_id\"] for r in doc[\"results\"]]
assert [t[\"status\"] for t in res]==[m[r[\"status\"]] for r in doc[\"results\"]]
tot=kb[\"Totals\"]; assert sum(tot.values())==len(res)
for c in kb[\"Controls\"]:
    for k in (\"id\",\"version\",\"text\",\"node_type\",\"tests\",\"total_pass\",\"total_fail\",\"total_warn\",\"total_info\"): assert k in c
    for sec in c[\"tests\"]:
        assert sec[\"pass\"]+sec[\"fail\"]+sec[\"warn\"]+sec[\"info\"]==len(sec[\"results\"])
        for t in sec[\"results\"]:
            for k in (\"test_number\",\"test_desc\",\"status\",\"actual_value\",\"expected_result\",\"remediation\",\"scored\"): assert k in t
" "$tmp/$fx.json" "$tmp/$fx.kube-bench-json"'
  else skip "$fx: json formats" "python3-jsonschema is missing (make test installs it)"; fi
  if have xmllint; then
    check "$fx: junit validates against tests/helpers/junit.xsd" 'xmllint --noout --schema "$src/tests/helpers/junit.xsd" "$tmp/$fx.junit"'
  else skip "$fx: junit" "xmllint is missing"; fi
  if have promtool; then
    check "$fx: promtool accepts the textfile" 'promtool check metrics < "$tmp/$fx.prometheus"'
  else skip "$fx: prometheus" "promtool is missing"; fi
  check "$fx: html is one self-contained page" '! grep -qiE "<(script|link|img)[^>]*(src|href)=" "$tmp/$fx.html" && grep -q "id=\"score\"" "$tmp/$fx.html"'
done

# --output: written whole, atomically, nothing left behind.
root="$tmp/worker-kubeadm"
check "--output writes the file and leaves no temporary file" \
  '"$bin" --root "$root" --profile cis-1.12-worker --format prometheus --fail-on none --output "$tmp/out/node.prom" 2>&1 | grep -q "cannot write" ; mkdir -p "$tmp/out"; "$bin" --root "$root" --profile cis-1.12-worker --format prometheus --fail-on none --output "$tmp/out/node.prom" && [ -s "$tmp/out/node.prom" ] && [ "$(ls -A "$tmp/out")" = node.prom ]'
check "--output into a missing directory is a clear error (exit 3)" \
  '"$bin" --root "$root" --profile cis-1.12-worker --output "$tmp/nowhere/x.json"; [ $? = 3 ]'
if have strace; then
  check "--output: the only writes are the temporary file and the rename" \
    'strace -f -qq -e trace=openat,openat2,rename,renameat,renameat2 -o "$tmp/trace" "$bin" --root "$root" --profile cis-1.12-worker --fail-on none --output "$tmp/out/node.json" >/dev/null; ! grep -E "O_WRONLY|O_RDWR|O_CREAT" "$tmp/trace" | grep -v "/out/.node.json." && grep -q "rename.*out/.node.json.*out/node.json" "$tmp/trace"'
fi
# --interval: a report a line, again and again.
timeout 3.5 "$bin" --root "$root" --profile cis-1.12-worker --format json --interval 1s > "$tmp/interval" 2>/dev/null
check "--interval prints one JSON document a line, every interval" '[ "$(grep -c "^{\"schema\":\"nodeaudit/v1\"" "$tmp/interval")" -ge 3 ]'
check "--interval rejects durations under a second" '"$bin" --interval 10ms; [ $? = 2 ]'

# HTML in a real browser: rendered, with its parts, and a screenshot.
chrome=$(command -v chromium || true)
if [ -n "$chrome" ]; then
  flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$tmp/chrome"
  timeout 60 "$chrome" $flags --dump-dom "file://$tmp/worker-kubeadm.html" > "$tmp/dom.html" 2>/dev/null
  check "html renders in Chromium with its score, counts and sections" \
    'grep -q "id=\"score\"" "$tmp/dom.html" && grep -q "id=\"count-fail\"" "$tmp/dom.html" && [ "$(grep -o "<section>" "$tmp/dom.html" | wc -l)" -ge 3 ]'
  check "html puts sections with failures first" \
    '"$py" -c "
import re,sys
t=open(sys.argv[1]).read(); secs=re.findall(r\"<h2>(.*?)</h2>\", t)
fix=[(\"to fix\" in s) for s in secs]; assert fix==sorted(fix, reverse=True), secs
" "$tmp/dom.html"'
  shot=${SCREENSHOT_DIR:-$tmp}/nodeaudit-report.png
  timeout 60 "$chrome" $flags --window-size=1200,1600 --screenshot="$shot" "file://$tmp/worker-kubeadm.html" >/dev/null 2>&1
  check "Chromium takes a screenshot of the page" '[ -s "$shot" ] && [ "$(head -c 4 "$shot" | tail -c 3)" = PNG ]'
else skip "html in a browser" "chromium is missing (make test installs it)"; fi
echo "1..$n"
[ "$failed" = 0 ]
