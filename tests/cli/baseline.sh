#!/usr/bin/env bash
# baseline: the file-integrity baseline; save, then diff after each kind of change.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/cp-kubeadm" "$tmp/bl"
expect 2 "baseline without save or diff" -- "$bin" baseline
expect 2 "baseline save without a file" -- "$bin" baseline save
expect 2 "baseline diff as junit" -- "$bin" baseline diff "$tmp/b.txt" --format junit
expect 0 "baseline save" -- "$bin" baseline save "$tmp/b.txt" --root "$tmp/bl"
has err "recorded in $tmp/b.txt" "says where the baseline went"
if [ "$(stat -c %a "$tmp/b.txt")" = 600 ]; then ok "the baseline file is 0600"; else bad "the baseline file is 0600"; fi
has_line() { if grep -qx -- "$1" "$tmp/b.txt"; then ok "$2"; else bad "$2: no line '$1'"; fi; }
has_line "f 0600 0 0 $(stat -c %s "$tmp/bl/etc/kubernetes/admin.conf") $(sha256sum < "$tmp/bl/etc/kubernetes/admin.conf" | cut -d' ' -f1) /etc/kubernetes/admin.conf" "a file's mode, owner, size and SHA-256 (sha256sum agrees)"
has_line "d 0755 0 0 - - /etc/kubernetes/manifests" "directories are recorded"
expect 0 "nothing changed" -- "$bin" baseline diff "$tmp/b.txt" --root "$tmp/bl"
has out "no change" "no change is said"
echo >> "$tmp/bl/etc/kubernetes/manifests/kube-apiserver.yaml"
chmod 644 "$tmp/bl/etc/kubernetes/pki/ca.key"
chown 1000:1000 "$tmp/bl/etc/kubernetes/admin.conf"
mv "$tmp/bl/etc/kubernetes/pki/apiserver.crt" "$tmp/bl/etc/kubernetes/pki/apiserver.crt.bak"
rm "$tmp/bl/etc/kubernetes/scheduler.conf"
printf 'apiVersion: v1\nkind: Pod\n' > "$tmp/bl/etc/kubernetes/manifests/backdoor.yaml"
expect 1 "every kind of change trips the gate" -- "$bin" baseline diff "$tmp/b.txt" --root "$tmp/bl"
has out "modified  /etc/kubernetes/manifests/kube-apiserver.yaml: content" "modified content"
has out "mode      /etc/kubernetes/pki/ca.key: 0600 -> 0644" "a mode change"
has out "owner     /etc/kubernetes/admin.conf: root:root -> ubuntu:ubuntu" "an owner change, named from the node's passwd"
has out "renamed   /etc/kubernetes/pki/apiserver.crt -> /etc/kubernetes/pki/apiserver.crt.bak" "a rename (same content)"
has out "removed   /etc/kubernetes/scheduler.conf" "a removal"
has out "created   /etc/kubernetes/manifests/backdoor.yaml" "a creation"
has out "6 changes" "the count"
expect 1 "the diff as JSON" -- "$bin" baseline diff "$tmp/b.txt" --root "$tmp/bl" --format json
if python3 -c 'import json,sys,jsonschema; d=json.load(open(sys.argv[1])); jsonschema.validate(d, json.load(open(sys.argv[2]))); assert d["summary"]["total"]==6 and {c["kind"] for c in d["changes"]}=={"created","removed","renamed","modified","mode","owner"}' "$tmp/out" "$src/docs/schema/nodeaudit-baseline-diff-v1.schema.json"; then ok "the JSON diff is valid against its schema and counts each kind"; else bad "the JSON diff is valid against its schema and counts each kind"; fi
expect 0 "--fail-on none holds the gate" -- "$bin" baseline diff "$tmp/b.txt" --root "$tmp/bl" --fail-on none
sed -i '5s/^d 0755/d 755/' "$tmp/b.txt"
expect 2 "a broken baseline file" -- "$bin" baseline diff "$tmp/b.txt" --root "$tmp/bl"
has err "b.txt:5: MODE is four octal digits" "names the file, line and what is wrong"
expect 3 "an unreadable root" -- "$bin" baseline save "$tmp/b2.txt" --root "$tmp/no-such-root"
if [ -e "$tmp/b2.txt" ]; then bad "no baseline is left behind"; else ok "no baseline is left behind"; fi

plan
