#!/usr/bin/env bash
# decoys: a node whose attacker plants processes, names and files to hide
# findings — a second kubelet with hardened flags, a process called k3s, an
# argv[0] that lies or is empty, a 3 MB command line, a hard link in a
# critical tree, a drop-in directory that costs gigabytes. Each must be seen
# and reported, never passed. Fixtures are built here from worker-kubeadm.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
tmp=$(mktemp -d /tmp/nodeaudit-decoys-XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
n=0 failed=0
echo "TAP version 13"
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; failed=$((failed + 1)); fi; }
# field ID KEY: KEY of the result of check ID (benchmark id or id) in $tmp/out
field() {
  python3 - "$tmp/out" "$1" "$2" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
for r in doc["results"]:
    if sys.argv[2] in (r["id"], r.get("benchmark_id")):
        v = r
        for k in sys.argv[3].split("."):
            v = v.get(k) if isinstance(v, dict) else None
        print("" if v is None else v)
        break
EOF
}
node_field() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["node"][sys.argv[2]]; print("" if v is None else v)' "$tmp/out" "$1"; }
copy() { "$src/tests/helpers/fixture-copy.sh" "$fixtures/$1" "$2"; }
# proc ROOT PID EXE ARG...: a process of the fake proc tree (EXE "-": none to read)
proc() {
  local root=$1 pid=$2 exe=$3; shift 3
  mkdir -p "$root/proc/$pid"; : > "$root/proc/$pid/cmdline"
  for a in "$@"; do printf '%s\0' "$a" >> "$root/proc/$pid/cmdline"; done
  [ "$exe" = - ] || ln -sfn "$exe" "$root/proc/$pid/exe"
  ln -sfn / "$root/proc/$pid/cwd"
}
scan() { timeout 60 "$bin" --root "$1" --format json "${@:2}" > "$tmp/out" 2> "$tmp/err"; }

# ---- 1. every instance of a component is judged ----
w="$tmp/decoy-kubelet"; copy worker-kubeadm "$w"
# pid 100 comes before the real kubelet (1187) and hardens what the real one leaves weak
proc "$w" 100 /tmp/.x/kubelet kubelet --seccomp-default=true --pod-max-pids=4096 --anonymous-auth=false
scan "$w" --profile cis-1.12-worker
check "a hardened decoy kubelet does not hide the real one's weak seccompDefault" '[ "$(field 4.2.14 status)" = fail ]'
check "... the failing instance is named by pid" 'field 4.2.14 actual | grep -q "pid 1187: false"'
check "... and the decoy's value is shown beside it, with its executable" 'field 4.2.14 actual | grep -q "pid 100 (/tmp/.x/kubelet.*): true"'
check "... the evidence is the failing instance's" 'field 4.2.14 source.detail | grep -q "^pid 1187: "'
check "a setting both instances pass still passes" '[ "$(field 4.2.1 status)" = pass ]'
check "the node section lists both kubelets" 'python3 -c "import json,sys; p=[x[\"pid\"] for x in json.load(open(sys.argv[1]))[\"node\"][\"processes\"] if x[\"component\"]==\"kubelet\"]; sys.exit(p!=[100,1187])" "$tmp/out"'
# the real kubelet (recognised by its executable) is the one the other checks read first
check "the recognised kubelet is the primary instance (its config file's mode is judged)" '[ "$(field 4.1.9 status)" = fail ] && field 4.1.9 source.detail | grep -q /var/lib/kubelet/config.yaml'

# an unrecognised instance with a weak value fails the check too
w="$tmp/decoy-weak"; copy worker-kubeadm "$w"
proc "$w" 3000 /opt/evil/kubelet /opt/evil/kubelet --anonymous-auth=true --authorization-mode=AlwaysAllow
scan "$w" --profile cis-1.12-worker
check "a weak second kubelet fails anonymous-auth even when the real one passes" '[ "$(field 4.2.1 status)" = fail ] && field 4.2.1 actual | grep -q "pid 3000 (/opt/evil/kubelet, not a known kubelet executable): true"'
check "... the reason names it" 'field 4.2.1 reason | grep -q "pid 3000"'

# an instance that cannot be read is an error, unless another fails
w="$tmp/decoy-unreadable"; copy worker-kubeadm "$w"
mkdir -p "$w/proc/90"; { printf 'kubelet\0--anonymous-auth=false\0--'; head -c 3000000 /dev/zero | tr '\0' a; printf '\0'; } > "$w/proc/90/cmdline"
scan "$w" --profile cis-1.12-worker
check "an unreadable instance makes a passing setting an error" '[ "$(field 4.2.1 status)" = error ] && field 4.2.1 reason | grep -q "pid 90"'
check "... but a setting another instance fails stays a fail" '[ "$(field 4.2.14 status)" = fail ]'

# on k3s, a kubelet process of its own does not replace the one k3s runs
w="$tmp/k3s-decoy-kubelet"; copy k3s-server "$w"
proc "$w" 700 /tmp/kubelet kubelet --anonymous-auth=false --read-only-port=0 --protect-kernel-defaults=true
scan "$w"
check "k3s: the kubelet inside k3s is judged beside a kubelet process" 'field 4.2.1 actual | grep -q "pid 812 (k3s)" && field 4.2.1 actual | grep -q "pid 700"'

# and each k3s process is a host: the API server inside a decoy k3s is judged too
w="$tmp/k3s-two-hosts"; copy k3s-server "$w"
proc "$w" 60 /tmp/evil k3s server --kube-apiserver-arg=anonymous-auth=true
scan "$w"
check "k3s: the API server inside a decoy k3s is judged beside the real one's" '[ "$(field 1.2.1 status)" = fail ] && field 1.2.1 actual | grep -q "pid 812 (k3s): false" && field 1.2.1 actual | grep -q "pid 60 (k3s, /tmp/evil.*): true"'

# ---- 2. a distribution is recognised from its binaries and files ----
w="$tmp/fake-k3s"; copy worker-kubeadm "$w"
proc "$w" 50 /tmp/evil k3s agent
scan "$w" --profile cis-1.12-worker
check "a process named k3s running /tmp/evil does not make the node k3s" '[ "$(node_field distribution)" = kubeadm ]'
check "... what was seen is in the report" 'node_field distribution_source | grep -q "k3s (pid 50) runs /tmp/evil"'
check "... and the checks k3s would skip are judged" '[ "$(field 4.1.1 status)" = fail ]'
w="$tmp/fake-k3s-bare"; mkdir -p "$w/etc" "$w/proc/sys/kernel"; echo 6.1.0 > "$w/proc/sys/kernel/osrelease"
proc "$w" 1 /usr/lib/systemd/systemd /sbin/init
proc "$w" 50 /usr/local/bin/k3s /usr/local/bin/k3s server
scan "$w" --profile cis-1.12-worker
check "k3s's binary without any of k3s's files is not k3s" '[ -z "$(node_field distribution)" ]'
check "... the report says why" 'node_field distribution_source | grep -q "none of /etc/rancher/k3s, /var/lib/rancher/k3s"'
w="$tmp/k3s-real-and-fake"; copy k3s-server "$w"
proc "$w" 60 /tmp/evil k3s server --kube-apiserver-arg=anonymous-auth=true
scan "$w"
check "a real k3s with a decoy k3s beside it is still k3s" '[ "$(node_field distribution)" = k3s ]'
check "... recognised by the real one, and the decoy is named in the source" 'node_field distribution_source | grep -q "^process k3s (pid 812).*pid 60"'
check "... the components inside k3s are read from the real one" '[ "$(field 1.2.1 status)" = pass ] || field 1.2.1 actual | grep -q "pid 812 (k3s): false"'

# ---- 3. the allowlist judges executables, never argv alone ----
w="$tmp/allow"; copy worker-kubeadm "$w"
proc "$w" 60 /tmp/evil "" /tmp/evil                    # an empty argv[0]
{ printf '/usr/bin/kubelet\0'; head -c 3000000 /dev/zero | tr '\0' a; printf '\0'; } > "$tmp/big"
mkdir -p "$w/proc/61"; cp "$tmp/big" "$w/proc/61/cmdline"; ln -s /tmp/evil "$w/proc/61/exe"
proc "$w" 62 /tmp/evil kube-proxy --v=2                 # an argv0 entry, another executable
proc "$w" 63 - kube-proxy                               # an executable that cannot be read
proc "$w" 64 /tmp/evil                                  # a command line blanked to nothing
proc "$w" 65 /usr/local/bin/kube-proxy kube-proxy       # the real thing
scan "$w" --profile node-state --check processes.allowlist
a=$(field processes.allowlist actual)
check "the allowlist fails" '[ "$(field processes.allowlist status)" = fail ]'
check "an empty argv[0] is reported" 'grep -q "pid 60 (.*/tmp/evil)" <<< "$a"'
check "a 3 MB command line is reported" 'grep -q "pid 61 (.*/tmp/evil): (a command line of more than" <<< "$a"'
check "argv[0] kube-proxy running /tmp/evil is reported" 'grep -q "pid 62 (.*/tmp/evil): kube-proxy" <<< "$a"'
check "an unreadable executable is reported" 'grep -q "pid 63 (.*executable unreadable" <<< "$a"'
check "a blanked command line with an executable is reported" 'grep -q "pid 64 (.*/tmp/evil)" <<< "$a"'
check "kube-proxy running its own binary is allowed" '! grep -q "pid 65 " <<< "$a"'
printf 'allow:\n  - {exe: /usr/lib/systemd/systemd}\n  - {exe: /usr/bin/containerd}\n  - {exe: /usr/bin/kubelet}\n  - {argv0: kube-proxy, any-exe: true}\n' > "$tmp/al.yaml"
rm -rf "$w/proc/60" "$w/proc/61" "$w/proc/63" "$w/proc/64"
scan "$w" --profile node-state --check processes.allowlist --allowlist "$tmp/al.yaml"
check "an entry that says any-exe allows argv[0] alone" '[ "$(field processes.allowlist status)" = pass ]'

# ---- 4. a hard link into a critical tree is a new file ----
w="$tmp/links"; copy worker-kubeadm "$w"
timeout 60 "$bin" baseline save "$tmp/b.txt" --root "$w" 2> "$tmp/err"
ln "$w/etc/kubernetes/kubelet.conf" "$w/etc/kubernetes/zz-kubelet.conf"
ln "$w/etc/kubernetes/kubelet.conf" "$w/etc/kubernetes/a-kubelet.conf"
echo secret > "$tmp/outside"; ln "$tmp/outside" "$w/etc/kubernetes/pki/stolen" 2>/dev/null || cp "$tmp/outside" "$w/etc/kubernetes/pki/stolen"
timeout 60 "$bin" baseline diff "$tmp/b.txt" --root "$w" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "a hard link to a critical file trips the diff (rc $rc)" '[ "$rc" = 1 ]'
check "... as a created file, a hard link to the original" 'grep -q "created   /etc/kubernetes/zz-kubelet.conf: .*hard link to /etc/kubernetes/kubelet.conf" "$tmp/out"'
check "... also when the link sorts before the original" 'grep -q "created   /etc/kubernetes/a-kubelet.conf: .*hard link to /etc/kubernetes/kubelet.conf" "$tmp/out"'
check "... and the original is not called removed or renamed" '! grep -q "removed   /etc/kubernetes/kubelet.conf\|renamed   /etc/kubernetes/kubelet.conf" "$tmp/out"'
check "a hard link to a file outside the critical trees says so" 'grep -q "created   /etc/kubernetes/pki/stolen: .*hard link" "$tmp/out" || ! [ "$(stat -c %h "$tmp/outside")" -gt 1 ]'

# ---- 5. drop-ins are capped in count and bytes ----
w="$tmp/dropins"; copy worker-kubeadm "$w"
printf '/usr/bin/kubelet\0--config=/var/lib/kubelet/config.yaml\0--config-dir=/etc/kubelet.d\0--kubeconfig=/etc/kubernetes/kubelet.conf\0--read-only-port=0\0' > "$w/proc/1187/cmdline"
mkdir -p "$w/etc/kubelet.d"
python3 - "$w/etc/kubelet.d" <<'EOF'
import sys
body = "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nx: [" + ",".join(["a"] * 34000) + "]\n"
for i in range(61):
    open("%s/%02d.conf" % (sys.argv[1], i), "w").write(body)
EOF
start=$(date +%s%N)
# the peak memory, from GNU time where there is one, else a 200 MB address-space cap
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f %M -o "$tmp/rss" timeout 60 "$bin" --root "$w" --profile cis-1.12-worker --format json > "$tmp/out" 2> "$tmp/err"
  rss=$(tail -1 "$tmp/rss")
else
  (ulimit -v 200000; timeout 60 "$bin" --root "$w" --profile cis-1.12-worker --format json > "$tmp/out" 2> "$tmp/err"); rss=0
fi
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "61 drop-ins of 4 MiB in all: an error that names the byte limit" '[ "$(field 4.2.14 status)" = error ] && field 4.2.14 reason | grep -q "more than 1 MiB of drop-ins"'
check "... a setting a flag gives is still judged" '[ "$(field 4.2.4 status)" = pass ]'
check "... in little memory (${rss} KiB) and time (${ms} ms)" '[ "$rss" -lt 100000 ] && [ "$ms" -lt 5000 ]'
rm -f "$w/etc/kubelet.d/"*
for i in $(seq -w 1 100); do printf 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n' > "$w/etc/kubelet.d/$i.conf"; done
scan "$w" --profile cis-1.12-worker
check "100 drop-ins: an error that names the count limit" '[ "$(field 4.2.14 status)" = error ] && field 4.2.14 reason | grep -q "more than 64 drop-ins"'
find "$w/etc/kubelet.d" -type f ! -name 001.conf -delete
scan "$w" --profile cis-1.12-worker
check "a few drop-ins are read as before" '[ "$(field 4.2.14 status)" = fail ]'

echo "1..$n"
[ "$failed" = 0 ]
