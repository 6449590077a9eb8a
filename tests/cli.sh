#!/usr/bin/env bash
# cli: the command line as a user meets it — exit codes, usage errors, selection, gates.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
tmp=$(mktemp -d /tmp/nodeaudit-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok()   { passed=$((passed + 1)); echo "ok $((passed + failed)) - $1"; }
bad()  { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $1"; }
# expect CODE DESCRIPTION -- COMMAND...: runs it, output in $tmp/out and $tmp/err
expect() {
  local want=$1 what=$2; shift 3
  timeout 30 "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" = "$want" ]; then ok "$what (exit $got)"; else bad "$what: exit $got, wanted $want"; sed 's/^/# /' "$tmp/err" | head -5; fi
}
has()  { if grep -q -- "$2" "$tmp/$1"; then ok "$3"; else bad "$3: no '$2' in $1"; cut -c1-300 "$tmp/$1" | sed 's/^/# /' | head -5; fi; }
lines() { local n; n=$(grep -c . "$tmp/out"); if [ "$n" = "$1" ]; then ok "$2"; else bad "$2: $n lines, wanted $1"; fi; }

for f in worker-kubeadm worker-hardened; do "$src/tests/fixture-copy.sh" "$fixtures/$f" "$tmp/$f"; done
mkdir -p "$tmp/empty-node/etc" "$tmp/empty-node/proc/1"
printf '/sbin/init\0' > "$tmp/empty-node/proc/1/cmdline"
mkdir -p "$tmp/empty-node/proc/sys/kernel"; echo 6.1.0 > "$tmp/empty-node/proc/sys/kernel/osrelease"

echo "TAP version 13"
expect 0 "--version" -- "$bin" --version
has out "^nodeaudit 0.1.0" "--version prints the version"
expect 0 "--help" -- "$bin" --help
has out "--fail-on" "--help lists the options"
expect 2 "unknown option" -- "$bin" --frobnicate
has err "unknown option" "unknown option is named"
expect 2 "unknown format" -- "$bin" --format xml
expect 2 "option without its value" -- "$bin" --root
has err "needs a value" "a missing value is named"
expect 2 "bad --fail-on" -- "$bin" --fail-on sometimes
expect 2 "bad --min-score" -- "$bin" --min-score 101
expect 2 "unknown command" -- "$bin" scna
expect 2 "stray operand" -- "$bin" scan extra
expect 3 "unreadable root" -- "$bin" --root "$tmp/no-such-root"
has err "no-such-root" "the unreadable root is named"
expect 3 "unreadable --proc" -- "$bin" --root "$tmp/worker-kubeadm" --proc "$tmp/no-proc"

expect 1 "a node without Kubernetes gets the host baseline (no AppArmor: fail)" -- "$bin" --root "$tmp/empty-node"
has err "no Kubernetes component" "says that nothing runs"
has err "checking the host only" "says that the host is checked"
has out "H4.1" "the host baseline ran"
mkdir -p "$tmp/empty-node/sys/module/apparmor/parameters"; echo Y > "$tmp/empty-node/sys/module/apparmor/parameters/enabled"
expect 0 "a node without Kubernetes, with AppArmor" -- "$bin" --root "$tmp/empty-node"
expect 0 "an offline root without /proc" -- "$bin" --root "$tmp/empty-node" --proc "$tmp/empty-node/proc" --profile host-baseline
expect 1 "auto adds the host baseline to the Kubernetes profile" -- "$bin" --root "$tmp/worker-kubeadm" --format json
has out '"name":"cis-1.11-worker+host-baseline+node-state"' "the merged profile is named (the kubelet is 1.29: CIS v1.11)"
has out '{"component":"kubelet","pid":1187,"apparmor":"unconfined","capabilities":"all"}' "the node section records the kubelet's confinement and capabilities"
has out '{"component":"kube-proxy","pid":2301,"apparmor":null,"capabilities":"cap_net_admin,cap_net_raw"}' "capabilities are named through libcap"

expect 1 "kubeadm worker trips the default gate" -- "$bin" --root "$tmp/worker-kubeadm" --profile cis-1.12-worker
has out "4.2 Kubelet" "text report groups by section"
has out "score 83.3" "text report ends with the score"
if grep -q $'\033' "$tmp/out"; then bad "no colour when not on a terminal"; else ok "no colour when not on a terminal"; fi
expect 0 "--fail-on none" -- "$bin" --root "$tmp/worker-kubeadm" --fail-on none --profile cis-1.12-worker
expect 0 "--fail-on error without errors" -- "$bin" --root "$tmp/worker-kubeadm" --fail-on error --profile cis-1.12-worker
expect 1 "--min-score above the score" -- "$bin" --root "$tmp/worker-kubeadm" --fail-on none --min-score 90 --profile cis-1.12-worker
expect 0 "--min-score below the score" -- "$bin" --root "$tmp/worker-kubeadm" --fail-on none --min-score 80 --profile cis-1.12-worker
expect 0 "hardened worker holds the gate" -- "$bin" --root "$tmp/worker-hardened" --min-score 100 --profile cis-1.12-worker

expect 0 "--check by number and slug" -- "$bin" --root "$tmp/worker-kubeadm" --format json --check 4.2.1 --check kubelet.authorization-mode
if [ "$(grep -o '"status"' "$tmp/out" | wc -l)" = 2 ]; then ok "--check selects two results"; else bad "--check selects two results"; fi
expect 0 "--skip" -- "$bin" --root "$tmp/worker-kubeadm" --format json --skip 4.1.1,4.1.9,4.1.3,4.2.9,4.2.12,4.2.13,4.2.14 --profile cis-1.12-worker
has out '"fail":0' "--skip leaves the skipped checks out"
expect 2 "--check of a check the profile lacks" -- "$bin" --root "$tmp/worker-kubeadm" --check 9.9.9
has err "9.9.9" "the unknown check is named"
expect 2 "unknown profile" -- "$bin" --root "$tmp/worker-kubeadm" --profile cis-0.1-worker
has err "no profile named" "the unknown profile is explained"

expect 0 "list" -- "$bin" list --profile cis-1.12-worker
lines 25 "list prints every check of the profile"
expect 0 "profiles" -- "$bin" profiles
has out "cis-1.12-worker" "profiles lists the worker profile"
expect 0 "explain by number" -- "$bin" explain 4.2.1
has out "kubelet.anonymous-auth" "explain names the slug"
has out "flags only" "explain shows both defaults"
has out "cis-1.12-worker 4.2.1" "explain names the profile and number"
expect 0 "explain by slug" -- "$bin" explain kubelet.config-file-permissions
expect 2 "explain an unknown check" -- "$bin" explain kubelet.nope
expect 2 "explain without an id" -- "$bin" explain

# A broken definition: exit 2, naming file:line.
cp -r "$src/checks" "$tmp/checks"
sed -i 's/    operator: eq/    operator: equals/' "$tmp/checks/kubernetes/kubelet.yaml"
expect 2 "broken check file" -- "$bin" list --checks-dir "$tmp/checks"
has err "kubelet.yaml:[0-9]*:[0-9]*: unknown operator" "the broken check file is named with its line"
mkdir -p "$tmp/profiles"
printf 'name: p\ntitle: t\nbenchmark: b\nrole: worker\nsections: [{id: "4.2", title: K}]\nchecks:\n  - {id: kubelet.anonymous-auth, number: 4.2.1, level: 7}\n' > "$tmp/profiles/p.yaml"
expect 2 "broken profile" -- "$bin" --root "$tmp/worker-kubeadm" --profiles-dir "$tmp/profiles" --profile p
has err "p.yaml:7:[0-9]*: \"level\"" "the broken profile is named with its line"
printf 'checks: [\n' > "$tmp/checks/kubernetes/zz-broken.yaml"
expect 2 "unparseable check file" -- "$bin" list --checks-dir "$tmp/checks"
has err "zz-broken.yaml:" "the unparseable file is named"

# A 1 GB config file and a FIFO: errors with reasons, quickly.
rm "$tmp/worker-kubeadm/var/lib/kubelet/config.yaml"
truncate -s 1G "$tmp/worker-kubeadm/var/lib/kubelet/config.yaml"
expect 1 "1 GB kubelet config" -- "$bin" --root "$tmp/worker-kubeadm" --check 4.2.1
has out "size limit" "a huge config is an error with the reason"
rm "$tmp/worker-kubeadm/var/lib/kubelet/config.yaml"
mkfifo "$tmp/worker-kubeadm/var/lib/kubelet/config.yaml"
expect 1 "FIFO as kubelet config" -- "$bin" --root "$tmp/worker-kubeadm" --check 4.2.1,4.1.9
has out "not a regular file" "a FIFO is an error with the reason"

# Both resolvers give the same report.
"$src/tests/fixture-copy.sh" "$fixtures/worker-bytes" "$tmp/bytes"
expect 1 "hostile bytes in a command line" -- "$bin" --root "$tmp/bytes"
if grep -q $'\033' "$tmp/out"; then bad "text report strips terminal escapes from node data"; else ok "text report strips terminal escapes from node data"; fi

# Broken control-plane evidence: errors naming file:line, the scan goes on.
"$src/tests/fixture-copy.sh" "$fixtures/cp-hardened" "$tmp/cp"
printf 'kind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers: [\n' > "$tmp/cp/etc/kubernetes/enc/encryption.yaml"
expect 0 "malformed EncryptionConfiguration (unscored checks do not gate)" -- "$bin" --root "$tmp/cp" --check 1.2.28,1.2.27 --format json
has out '"status":"error"' "a malformed encryption config is an error"
has out 'encryption.yaml:5:' "the encryption config error names file:line"
has out '"benchmark_id":"1.2.27","title":"[^"]*","section":"[^"]*","level":1,"scored":false,"status":"pass"' "the flag check still passes"
printf 'client-transport-security:\n  client-cert-auth: maybe\n' > "$tmp/cp/etc/etcd.yml"
printf 'etcd\0--config-file=/etc/etcd.yml\0' > "$tmp/cp/proc/2004/cmdline"
expect 1 "etcd config with a bad value" -- "$bin" --root "$tmp/cp" --check 2.2
has out "etcd.yml:2:[0-9]*: client-transport-security.client-cert-auth" "the etcd config error names file:line and key"
rm -rf "$tmp/cp/proc"
printf 'spec:\n  containers:\n  - name: kube-apiserver\n    command: kube-apiserver --profiling=false\n' > "$tmp/cp/etc/kubernetes/manifests/kube-apiserver.yaml"
expect 1 "offline root with a broken manifest" -- "$bin" --root "$tmp/cp" --check 1.2.15,1.3.2
has out "kube-apiserver.yaml:4: command must be a list" "a broken manifest is an error naming file:line"
has out "PASS" "the other components are still checked"

# The example of nodeaudit-profiles(5) works as written.
man_block() { # the .nf block of section $1 of nodeaudit-profiles(5), roff escapes undone
  sed -n "/^\.SH $1/,/^\.SH /p" "$src/man/nodeaudit-profiles.5" | sed -n '/^\.nf$/,/^\.fi$/p' | sed '1d;$d;s/\\-/-/g'
}
man_block EXAMPLE > "$tmp/profiles/site-worker.yaml"
"$src/tests/fixture-copy.sh" "$fixtures/worker-hardened" "$tmp/site"
expect 0 "the profile example of nodeaudit-profiles(5)" -- "$bin" --root "$tmp/site" --profiles-dir "$tmp/profiles" --profile site-worker --format json
has out '"benchmark_id":"4.2.13","title":"[^"]*","section":"4.2 Kubelet","level":1,"scored":true,"status":"pass","expected":"from 1024 to 8192","actual":"4096"' "its override applies"
man_block EXTENDING > "$tmp/profiles/acme-worker.yaml"
expect 0 "the extends example of nodeaudit-profiles(5)" -- "$bin" --root "$tmp/site" --profile "$tmp/profiles/acme-worker.yaml" --fail-on none --format json
has out '"benchmark_id":"X1.1","title":"[^"]*","section":"X1 ACME additions"' "its added check runs in its own section"

# merge: a fleet view of many nodes' reports.
mkdir -p "$tmp/reports"
"$src/tests/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/merge-k"
"$bin" --root "$tmp/merge-k" --profile cis-1.12-worker --format json > "$tmp/reports/a.json"
"$bin" --root "$tmp/worker-hardened" --profile cis-1.12-worker --format json > "$tmp/reports/b.json"
expect 0 "merge a directory of reports" -- "$bin" merge "$tmp/reports"
has out "^2 nodes scanned, mean score 91.7" "merge counts the nodes and the mean score"
has out "83.3  worker-kubeadm" "merge lists the worst node first"
has out "1/2  4.1.9    kubelet.config-file-permissions: worker-kubeadm" "merge says which nodes fail a check"
{ sed 's/^/2026-11-22T10:00:00.1Z stdout F /' "$tmp/reports/a.json"; echo "some other log line"; sed 's/^/x /' "$tmp/reports/b.json"; } > "$tmp/log"
expect 0 "merge standard input with log prefixes" -- sh -c "'$bin' merge --format json - < '$tmp/log'"
has out '"schema":"nodeaudit/fleet-v1","nodes_scanned":2' "merge reads one report a line from a log"
expect 0 "the latest scan of a node stands for it" -- "$bin" merge "$tmp/reports/a.json" "$tmp/reports/a.json" "$tmp/reports/b.json"
has out "^2 nodes scanned" "a node scanned twice is one node"
printf '{"schema":"nodeaudit/v1",\n "results": 7}\n' > "$tmp/bad.json"
expect 2 "merge refuses a broken report" -- "$bin" merge "$tmp/bad.json"
has err "bad.json:1:1: not a nodeaudit/v1 report" "the broken report is named with its line"
expect 2 "merge needs reports" -- "$bin" merge
expect 2 "merge of nothing" -- sh -c "'$bin' merge - < /dev/null"

# Waivers: accepted fails become waived (not counted, listed with the reason)
# until they expire; the file is checked strictly.
"$src/tests/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/wv"
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

# extends: an organisation's profile on top of a shipped one.
cat > "$tmp/acme-worker.yaml" <<'P'
name: acme-worker
extends: cis-1.12-worker
title: ACME worker nodes
remove: [4.2.13, kubelet.seccomp-default]
checks:
  - {id: kubelet.read-only-port, scored: true, weight: 2}
P
expect 1 "a profile extending a shipped one" -- "$bin" --root "$tmp/wv" --profile "$tmp/acme-worker.yaml" --format json
has out '"profile":{"name":"acme-worker","benchmark":"CIS Kubernetes Benchmark v1.12.0"}' "the custom profile is named, the benchmark inherited"
if grep -q '"benchmark_id":"4.2.13"\|"benchmark_id":"4.2.14"' "$tmp/out"; then bad "removed checks are not run"; else ok "removed checks are not run"; fi
has out '"id":"kubelet.read-only-port","benchmark_id":"4.2.4","title":"[^"]*","section":"4.2 Kubelet","level":1,"scored":true' "a changed entry is scored as the custom profile says"
printf 'name: x\nextends: cis-1.12-worker\nremove: [9.9.9]\n' > "$tmp/bad-profile.yaml"
expect 2 "a custom profile removing what its parent lacks" -- "$bin" --root "$tmp/wv" --profile "$tmp/bad-profile.yaml"
has err "bad-profile.yaml:3" "the bad line of the custom profile is named"

# The Kubernetes version: from the static pods' image tags, or --k8s-version.
"$src/tests/fixture-copy.sh" "$fixtures/cp-kubeadm" "$tmp/lv"
expect 1 "the version of a kubeadm control plane" -- "$bin" --root "$tmp/lv" --profile cis-1.12-control-plane --format json
has out '"kubernetes_version":"1.32.4","kubernetes_version_source":"image registry.k8s.io/kube-apiserver:v1.32.4 in /etc/kubernetes/manifests/kube-apiserver.yaml"' "the version and where it was read"
expect 1 "--k8s-version overrides" -- "$bin" --root "$tmp/lv" --profile cis-1.12-control-plane --format json --k8s-version v1.31
has out '"kubernetes_version":"1.31","kubernetes_version_source":"--k8s-version"' "the given version is reported as given"
expect 1 "a worker: the kubelet binary's stamp" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --format json
has out '"kubernetes_version":"1.29.4","kubernetes_version_source":"v1.29.4 in /usr/bin/kubelet, from the build flags in .go.buildinfo"' "the version from the kubelet's build flags"
"$src/tests/fixture-copy.sh" "$fixtures/worker-flags-only" "$tmp/nv"
expect 1 "a worker with no stamp anywhere" -- "$bin" --root "$tmp/nv" --profile cis-1.12-worker --format json
has out '"kubernetes_version":null,"kubernetes_version_source":null' "no evidence, no version"
expect 1 "auto, version unknown" -- "$bin" --root "$tmp/nv" --format json
has err "the Kubernetes version is unknown; using the newest benchmark, cis-1.12-worker" "an unknown version says which benchmark it used"
has out '"name":"cis-1.12-worker+host-baseline+node-state"' "... the newest"
# kubeadm's stored configuration (several documents; a label such as stable-1.30 is no version)
printf 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: stable-1.30\n' > "$tmp/nv/etc/kubernetes/kubeadm-config.yaml"
expect 1 "a kubeadm label is not a version" -- "$bin" --root "$tmp/nv" --profile cis-1.12-worker --format json
has out '"kubernetes_version":null' "stable-1.30 is not read as a release"
printf 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration: {}\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: v1.28.9\n' > "$tmp/nv/etc/kubernetes/kubeadm-config.yaml"
expect 1 "auto from kubeadm's ClusterConfiguration" -- "$bin" --root "$tmp/nv" --format json
has out '"kubernetes_version":"1.28.9","kubernetes_version_source":"kubernetesVersion v1.28.9 in /etc/kubernetes/kubeadm-config.yaml (line 7)"' "the version, file and line"
has out '"name":"cis-1.10-worker+host-baseline+node-state"' "1.28 is CIS v1.10"
has out '"benchmark_id":"4.1.7","title":"[^"]*","section":"[^"]*","level":1,"scored":false,"status":"[a-z]*","expected":"600' "v1.10 expects 600 on the client CA"
# --profile auto with a version: 1.29-1.31 -> v1.11, 1.32 and later -> v1.12, older -> the oldest, said so
expect 1 "auto for 1.30" -- "$bin" --root "$tmp/nv" --k8s-version 1.30 --format json
has out '"name":"cis-1.11-worker+host-baseline+node-state"' "1.30 is CIS v1.11"
has out '"benchmark_id":"4.2.15"' "v1.11 has 4.2.15"
expect 1 "auto for 1.40" -- "$bin" --root "$tmp/nv" --k8s-version 1.40.1 --format json
has out '"name":"cis-1.12-worker+host-baseline+node-state"' "1.40 is CIS v1.12 (the newest covers later releases)"
expect 1 "auto for 1.26" -- "$bin" --root "$tmp/nv" --k8s-version 1.26 --format json
has err "no benchmark covers Kubernetes 1.26; using cis-1.10-worker (for 1.28)" "an older release says which benchmark it used"
expect 1 "auto for a control plane" -- "$bin" --root "$tmp/lv" --k8s-version 1.29 --format json
has out '"name":"cis-1.11-control-plane+host-baseline+node-state"' "a control plane at 1.29 is CIS v1.11's control-plane profile"
expect 2 "a bad --k8s-version" -- "$bin" --k8s-version 1.x
has err "takes a version such as 1.32" "a bad version is named"

# Distributions: recognised, overridden, and a broken file of a host process's is an error, not a guess.
"$src/tests/fixture-copy.sh" "$fixtures/k3s-server" "$tmp/k3s"
expect 1 "a k3s server" -- "$bin" --root "$tmp/k3s" --format json
has out '"distribution":"k3s","distribution_source":"process k3s (pid 812)"' "k3s is recognised by its process"
has out '"role":"control-plane"' "a k3s server is a control plane"
has out '"kubernetes_version":"1.31.4","kubernetes_version_source":"v1.31.4+k3s1 in /usr/local/bin/k3s' "the version from the k3s binary"
has out '"detail":"--audit-log-maxbackup=10 (kube-apiserver-arg+ in /etc/rancher/k3s/config.yaml.d/50-audit.yaml:3)"' "an argument names the file and line it came from"
expect 1 "--distribution none" -- "$bin" --root "$tmp/k3s" --format json --distribution none
has out '"distribution":null' "no distribution when told so"
has out '"role":"none"' "... and then nothing of Kubernetes runs as a process of its own"
expect 2 "an unknown --distribution" -- "$bin" --root "$tmp/k3s" --distribution openshift
has err 'unknown distribution "openshift" (aks, eks, gke, k3s, kubeadm, microk8s, rke2, none)' "the known ones are listed"
expect 1 "--distribution on a kubeadm worker" -- "$bin" --root "$tmp/wv" --profile cis-1.12-worker --distribution rke2 --format json
has out '"benchmark_id":"4.1.1","title":"[^"]*","section":"[^"]*","level":1,"scored":true,"status":"skip"' "rke2's skips apply when told the distribution"
printf 'kubelet-arg: [unterminated\n' > "$tmp/k3s/etc/rancher/k3s/config.yaml.d/60-broken.yaml"
expect 1 "a broken k3s config drop-in" -- "$bin" --root "$tmp/k3s" --format json
has out '"status":"error","expected":"false","actual":null,"source":null,"reason":"kubelet runs inside k3s (pid 812), whose arguments for it cannot be read: /etc/rancher/k3s/config.yaml.d/60-broken.yaml:' "the kubelet checks are errors naming the file and line"
has out '"benchmark_id":"1.1.13","title":"[^"]*","section":"[^"]*","level":1,"scored":true,"status":"pass"' "... and the rest of the scan goes on"

# --level: Level 1 leaves the Level 2 recommendations out.
expect 1 "--level 1" -- "$bin" --root "$tmp/lv" --profile cis-1.12-control-plane --level 1 --format json
if grep -q '"benchmark_id":"3.2.2"' "$tmp/out"; then bad "--level 1 leaves 3.2.2 (Level 2) out"; else ok "--level 1 leaves 3.2.2 (Level 2) out"; fi
has out '"benchmark_id":"3.2.1"' "--level 1 keeps the Level 1 checks"
expect 1 "--level 2" -- "$bin" --root "$tmp/lv" --profile cis-1.12-control-plane --level 2 --format json
has out '"benchmark_id":"3.2.2"' "--level 2 includes Level 2"
expect 2 "--level 3" -- "$bin" --level 3
has err "takes 1 or 2" "a bad level is named"

# Certificates: every one the components are configured with, judged on
# expiry (the profile's threshold), key strength, digest and key match.
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

# Listening sockets on the running kernel: a process that calls itself
# kube-scheduler listens on every address, then on loopback only; its
# --secure-port names the port judged beside the default ones.
port=$((42000 + $$ % 1000))
fake_scheduler() { # ADDRESS: listens until killed
  (exec -a kube-scheduler /usr/bin/python3 -c 'import socket,sys,time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2].split("=")[1]))); s.listen(); print("up", flush=True); time.sleep(60)' "$1" "--secure-port=$port" > "$tmp/sched.out" &)
  for _ in $(seq 50); do grep -q up "$tmp/sched.out" 2>/dev/null && break; sleep 0.1; done
}
stop_scheduler() { pkill -f -- "--secure-port=$port" 2>/dev/null; sleep 0.2; }
fake_scheduler 0.0.0.0
expect 1 "a scheduler on every address (the running kernel's tables)" -- "$bin" --root / --profile node-state --check listening.scheduler-loopback --format json
has out "\"actual\":\"0.0.0.0:$port\"" "the listener is found through the process's own sockets"
has out "port $port from --secure-port=$port" "the port comes from --secure-port"
stop_scheduler
fake_scheduler 127.0.0.1
expect 0 "a scheduler on loopback" -- "$bin" --root / --profile node-state --check listening.scheduler-loopback --format json
has out "\"actual\":\"127.0.0.1:$port\"" "loopback passes"
stop_scheduler

# The process allowlist: bad files are usage errors naming the line.
printf 'allow:\n  - {exe: /usr/bin/kubelet}\n  - {exe: bin/x}\n' > "$tmp/al.yaml"
expect 2 "an allowlist with a relative exe" -- "$bin" --root "$tmp/worker-kubeadm" --allowlist "$tmp/al.yaml"
has err "al.yaml:3:11: exe \"bin/x\" must be an absolute path" "the file, line and problem are named"
expect 2 "a missing allowlist" -- "$bin" --root "$tmp/worker-kubeadm" --allowlist "$tmp/none.yaml"
has err "none.yaml" "the missing file is named"
printf 'allow:\n  - {exe: /usr/bin/kubelet}\n' > "$tmp/al.yaml"
expect 1 "an allowlist without containerd" -- "$bin" --root "$tmp/worker-kubeadm" --allowlist "$tmp/al.yaml" --profile node-state --check processes.allowlist --format json
has out 'pid 412 (user unknown, /usr/bin/containerd): /usr/bin/containerd' "each other process is named with pid, user, exe and command line"
printf 'scope: all\nallow:\n  - {exe: /usr/lib/systemd/systemd}\n  - {exe: /usr/bin/containerd}\n  - {exe: /usr/bin/kubelet}\n' > "$tmp/al.yaml"
expect 1 "scope all takes containers in" -- "$bin" --root "$tmp/worker-kubeadm" --allowlist "$tmp/al.yaml" --profile node-state --check processes.allowlist --format json
has out 'pid 2301 (.*kube-proxy' "kube-proxy's container process is judged too"
expect 0 "no allowlist off kubeadm" -- "$bin" --root "$tmp/empty-node" --profile node-state --check processes.allowlist --format json
has out '"status":"skip".*no allowlist' "without an allowlist the check skips and says how to give one"

# File-integrity baseline: save, then diff after each kind of change.
"$src/tests/fixture-copy.sh" "$fixtures/cp-kubeadm" "$tmp/bl"
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

# Least privilege: as root only the read capabilities stay; unprivileged, what
# cannot be read is an error with the reason, never a pass.
"$src/tests/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/priv"
expect 1 "a scan as root" -- "$bin" --root "$tmp/priv" --format json --profile cis-1.12-worker
has out '"privileges":{"uid":0,"capabilities":"cap_dac_read_search,cap_sys_ptrace=ep","no_new_privs":true}' "root keeps only the capabilities reading needs"
chmod 600 "$tmp/priv/var/lib/kubelet/config.yaml"; chmod 755 "$tmp" "$tmp/priv"
expect 1 "a scan as nobody" -- setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --root "$tmp/priv" --format json --profile cis-1.12-worker --check 4.2.1,4.2.10
has out '"uid":65534,"capabilities":"=","no_new_privs":true' "an unprivileged scan reports its privileges"
has out '"status":"error","expected":"false","actual":null,"source":{"kind":"config","detail":null},"reason":"/var/lib/kubelet/config.yaml: Permission denied"\|"reason":"/var/lib/kubelet/config.yaml: Permission denied"' "an unreadable config is an error naming the file"
if grep -q '"status":"pass"' "$tmp/out"; then bad "nothing passes for lack of evidence"; else ok "nothing passes for lack of evidence"; fi

echo "1..$((passed + failed))"
echo "# $passed passed, $failed failed"
[ "$failed" = 0 ]
