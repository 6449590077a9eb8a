#!/usr/bin/env bash
# waivers: accepted fails become waived (not counted, listed with the reason)
# until they expire, in every format; the file is checked strictly.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/wv"
cat > "$tmp/waivers.yaml" <<'W'
waivers:
  - check: kubelet.service-file-permissions
    reason: the unit is managed by the image build (ticket OPS-1)
    expires: 2999-12-31
  - check: "4.1.9"
    reason: config written by the node agent, fixed in the next image
    expires: 2999-12-31
    nodes: "worker-*"
  - check: kubelet.config-file-permissions
    reason: an older exception
    expires: 2001-01-01
W
expect 0 "every scored fail waived: the gate holds" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --waivers "$tmp/waivers.yaml" --format json
has out '"status":"waived"' "a waived result in the JSON report"
has out '"waiver":{"reason":"the unit is managed by the image build (ticket OPS-1)","expires":"2999-12-31","expired":false,"nodes":null,"from":"[^"]*waivers.yaml:2"}' "the waiver's reason, expiry and line are reported"
has out '"waived":2' "the summary counts waived results"
has out '"score":100.0' "waived results do not count against the score"
cp "$tmp/out" "$tmp/waived.json"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
  if /usr/bin/python3 -c 'import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' \
       "$src/docs/schema/nodeaudit-v1.schema.json" "$tmp/waived.json" 2>"$tmp/err"; then
    ok "a report with waivers follows the JSON schema"
  else bad "a report with waivers follows the JSON schema"; tail -3 "$tmp/err" | sed 's/^/# /'; fi
fi
expect 0 "SARIF with waivers" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --waivers "$tmp/waivers.yaml" --format sarif
has out '"suppressions":\[{"kind":"external","status":"accepted","justification":"waived until 2999-12-31: the unit is managed' "SARIF carries a waived fail as a suppressed result"
expect 0 "JUnit with waivers" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --waivers "$tmp/waivers.yaml" --format junit
has out '<skipped message="waived until 2999-12-31: the unit is managed' "JUnit skips a waived check with the waiver as its message"
expect 0 "kube-bench JSON with waivers" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --waivers "$tmp/waivers.yaml" --format kube-bench-json
has out '"status":"INFO","actual_value":"[^"]*","scored":true,"IsMultiple":false,"expected_result":"600 or stricter","reason":"waived until 2999-12-31' "kube-bench JSON lists a waived check as INFO with the waiver"
sed -i 's/"worker-\*"/"gpu-*"/' "$tmp/waivers.yaml"
expect 1 "a waiver for other nodes does not apply" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --waivers "$tmp/waivers.yaml" --format json --check 4.1.9
has out '"expired":true' "a matching waiver that has expired is reported as expired"
expect 1 "the text report names the expired waiver" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --waivers "$tmp/waivers.yaml" --check 4.1.9 --no-color
has out "waiver expired on 2001-01-01: an older exception" "the text report says the waiver expired"
printf 'waivers:\n  - check: x.y\n    reason: r\n    expires: 2027-02-30\n' > "$tmp/bad-waivers.yaml"
expect 2 "a waiver with an impossible date" -- "$bin" --root "$tmp/wv" --waivers "$tmp/bad-waivers.yaml"
has err "bad-waivers.yaml:4" "the bad waiver's file and line are named"
expect 2 "a missing waivers file" -- "$bin" --root "$tmp/wv" --waivers "$tmp/none.yaml"

plan
