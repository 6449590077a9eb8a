#!/usr/bin/env bash
# certificates: every one the components are configured with, judged on
# expiry (the profile's threshold), key strength, digest and key match.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mk=${MKCERT:?}
ct=$tmp/certs; mkdir -p "$ct/etc/pki" "$ct/proc/300" "$ct/proc/sys/kernel" "$ct/etc/k"
echo 6.1.0 > "$ct/proc/sys/kernel/osrelease"; ln -s / "$ct/proc/300/cwd"
"$mk" -o "$ct/etc/pki/ca.crt" -k "$ct/etc/pki/ca.key" --ca --cn ca --days 3650
"$mk" -o "$ct/etc/pki/soon.crt" -k "$ct/etc/pki/soon.key" --days 20 --issuer-cert "$ct/etc/pki/ca.crt" --issuer-key "$ct/etc/pki/ca.key"
"$mk" -o "$ct/etc/pki/good.crt" -k "$ct/etc/pki/good.key" -t ec:prime256v1 --days 400
apiserver() { printf '%s\0' kube-apiserver "$@" > "$ct/proc/300/cmdline"; }
apiserver --tls-cert-file=/etc/pki/soon.crt --tls-private-key-file=/etc/pki/soon.key --client-ca-file=/etc/pki/ca.crt
expect 1 "a serving certificate 20 days from expiry" -- "$bin" --root "$ct" --profile node-state --format json
has out '"id":"certificates.expiry","benchmark_id":"N1.1".*"status":"fail"' "fails the 30-day window"
has out '/etc/pki/soon.crt expires on [0-9-]*, in 19 days\|/etc/pki/soon.crt expires on [0-9-]*, in 20 days' "the reason gives the days left"
has out '"kube-apiserver --tls-cert-file=/etc/pki/soon.crt (serving certificate)"' "the evidence names the flag that configures it"
has out '"id":"certificates.key-match".*"status":"pass"' "its key matches"
cat > "$tmp/short-window.yaml" <<'EOF2'
name: short-window
title: ten days are enough
benchmark: local
extends: node-state
checks:
  - {id: certificates.expiry, expected: "10"}
EOF2
expect 0 "a profile with a 10-day window" -- "$bin" --root "$ct" --profile "$tmp/short-window.yaml"
has out "expected: >= 10 days of validity left" "the profile's threshold is the one shown"
"$mk" -o "$ct/etc/pki/old.crt" -k "$ct/etc/pki/old.key" -t rsa:1024 -d sha1 --not-after 20200101000000Z --issuer-cert "$ct/etc/pki/ca.crt" --issuer-key "$ct/etc/pki/ca.key"
apiserver --tls-cert-file=/etc/pki/old.crt --tls-private-key-file=/etc/pki/good.key --client-ca-file=/etc/pki/ca.crt
expect 1 "an expired, weak, SHA-1 certificate with another's key" -- "$bin" --root "$ct" --profile node-state --format json
has out '/etc/pki/old.crt expired on 2020-01-01' "expired is a fail with the date"
has out '/etc/pki/old.crt: RSA 1024 gives 80-bit security' "RSA 1024 fails"
has out '/etc/pki/old.crt is signed with sha1WithRSAEncryption' "SHA-1 fails"
has out 'the private key in /etc/pki/good.key is not the key of /etc/pki/old.crt' "a key that is not the certificate's fails"
"$mk" -o "$ct/etc/pki/oldca.crt" -k "$ct/etc/pki/oldca.key" --ca -d sha1 --days 3650
apiserver --tls-cert-file=/etc/pki/good.crt --tls-private-key-file=/etc/pki/good.key --client-ca-file=/etc/pki/oldca.crt
expect 0 "a self-signed CA signed with SHA-1" -- "$bin" --root "$ct" --profile node-state --check certificates.signature --format json
has out 'self-signed with sha1WithRSAEncryption: clients trust it as it is' "a trust anchor's own signature is noted, not failed"
apiserver --tls-cert-file=/etc/pki/good.key --tls-private-key-file=/etc/pki/good.key --client-ca-file=/etc/pki/missing.crt
expect 1 "a key where the certificate should be, and a missing CA" -- "$bin" --root "$ct" --profile node-state --check certificates.expiry --format json
has out '"status":"error"' "a file that is not a certificate is an error, not a pass"
has out 'not a certificate: the file holds a PRIVATE KEY block and no CERTIFICATE' "the reason says what the file holds"
has out '/etc/pki/missing.crt: No such file or directory' "a missing file is named"
# a kubeconfig's client certificate: embedded data, or a path relative to the kubeconfig
cat > "$ct/etc/k/sched.conf" <<EOF2
apiVersion: v1
kind: Config
current-context: s
contexts:
- {name: other, context: {user: nobody}}
- {name: s, context: {user: sched}}
users:
- name: nobody
  user: {token: abc}
- name: sched
  user:
    client-certificate-data: $(base64 -w0 < "$ct/etc/pki/good.crt")
    client-key: ../pki/soon.key
EOF2
printf '%s\0' kube-scheduler --kubeconfig=/etc/k/sched.conf > "$ct/proc/301-cmdline"
mkdir -p "$ct/proc/301"; mv "$ct/proc/301-cmdline" "$ct/proc/301/cmdline"; ln -s / "$ct/proc/301/cwd"
expect 1 "a kubeconfig whose embedded certificate has another key" -- "$bin" --root "$ct" --profile node-state --check certificates.key-match --format json
has out '/etc/k/sched.conf (client-certificate-data)=does not match its key' "the embedded certificate is judged against the key its path names"
has out 'kube-scheduler --kubeconfig=/etc/k/sched.conf (client certificate), user sched' "the kubeconfig's user is named"
rm -rf "$ct/proc/300" "$ct/proc/301"
expect 0 "no component runs" -- "$bin" --root "$ct" --profile node-state --format json
has out '"status":"skip".*"reason":"no Kubernetes component runs here"' "nothing to judge is a skip with the reason"

plan
