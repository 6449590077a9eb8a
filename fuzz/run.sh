#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS (default 60), seeded from the fixtures.
#   fuzz/run.sh [SECONDS] [TARGET...]      targets: flags yamldoc sshd kubelet catalog json state
#                                          elf unit defs documents merge modindex
# Builds build-fuzz with clang, ASan and UBSan if needed. A crash leaves its
# input in fuzz/crashes/TARGET/ and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
targets=${*:-flags yamldoc sshd kubelet catalog json state elf unit defs documents merge modindex}
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzzing=true -Dtests=false -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
meson compile -C build-fuzz >/dev/null
work=$(mktemp -d /tmp/nodeaudit-fuzz-XXXXXX)
trap 'rm -rf "$work"' EXIT
seed() { # TARGET FILES...
  local t=$1; shift; mkdir -p "$work/$t"
  for f in "$@"; do [ -f "$f" ] && [ ! -L "$f" ] && cp "$f" "$work/$t/$(echo "$f" | tr / _)"; done; true
}
seed yamldoc $(find fixtures checks profiles -name '*.yaml' -o -name '*.json' -o -name '*.conf' | head -200)
seed catalog $(find checks profiles -name '*.yaml')
seed kubelet $(find fixtures -path '*kubelet*' \( -name '*.yaml' -o -name '*.json' -o -name '*.conf' \))
seed sshd $(find tests/oracles/sshd-corpus fixtures -path '*ssh*' -type f -name '*config*' -o -path '*sshd_config.d*' -type f)
seed flags $(find fixtures -name cmdline)
seed json $(find fixtures -name cmdline | head -50)
mkdir -p "$work/state"
printf '# nodeaudit baseline v1\n# root /\nf 0600 0 0 5 %064d /etc/a\\040b\nl 0777 0 0 - t /etc/l\n' 0 > "$work/state/baseline"
seed merge fuzz/seeds/merge/* $(find fuzz/crashes/merge -type f 2>/dev/null)
# modindex: a key's length byte, the key, then an index (depmod writes the host fixtures' at test time)
mkdir -p "$work/modindex"
printf '\006cramfs\xb0\x07\xf4\x57\x00\x02\x00\x01\xc0\x00\x00\x0ccramfs\0\0\0\0\1\0\0\0\0kernel/fs/cramfs/cramfs.ko:\0' > "$work/modindex/dep"
printf '\011fs_cramfs\xb0\x07\xf4\x57\x00\x02\x00\x01\xc0\x00\x00\x0cfs_c*\0\0\0\0\1\0\0\0\0cramfs\0' > "$work/modindex/alias"
seed state $(find fixtures -path '*/net/tcp*' -o -name '*.crt' -o -name '*.pem' -o -name '*.key' | head -60) profiles/allowlists/kubeadm.yaml
# ELF: small binaries of this machine; units: the fixtures' units and drop-ins
mkdir -p "$work/elf"; for b in /bin/true /bin/false; do [ -f "$b" ] && cp "$b" "$work/elf/$(basename "$b")"; done
seed unit $(find fixtures -path '*systemd*' -type f \( -name '*.service' -o -name '*.conf' \))
# definition files: a first byte chooses the kind (0 distribution, 1 profile, 2 waivers, 3 allowlist)
mkdir -p "$work/defs"; k=0
for f in profiles/distributions/*.yaml profiles/*.yaml profiles/allowlists/*.yaml; do
  case "$f" in profiles/distributions/*) b=0 ;; profiles/allowlists/*) b=3 ;; *) b=1 ;; esac
  { printf "\\$(printf %o $b)"; cat "$f"; } > "$work/defs/$((k += 1))"
done
printf '\002waivers:\n  - {check: kubelet.anonymous-auth, reason: r, expires: 2030-01-01, nodes: "w*"}\n' > "$work/defs/waivers"
# documents: an API server manifest, an encryption configuration, an audit policy
mkdir -p "$work/documents"; k=0
for fx in cp-hardened cp-traps cp-kubeadm; do
  m=fixtures/$fx/etc/kubernetes/manifests/kube-apiserver.yaml
  [ -f "$m" ] || continue
  { sed -e 's#--encryption-provider-config=[^ "]*#--encryption-provider-config=/etc/kubernetes/enc.yaml#' \
        -e 's#--audit-policy-file=[^ "]*#--audit-policy-file=/etc/kubernetes/audit.yaml#' "$m"; printf '\0'
    cat fixtures/cp-hardened/etc/kubernetes/enc/encryption.yaml; printf '\0'
    cat fixtures/cp-hardened/etc/kubernetes/audit-policy.yaml; } > "$work/documents/$((k += 1))"
done
status=0
for t in $targets; do
  mkdir -p "fuzz/crashes/$t" "$work/$t"
  echo "== fuzz-$t for ${secs}s"
  if ! NODEAUDIT_CHECKS_DIR="$PWD/checks" build-fuzz/fuzz/fuzz-$t -max_total_time="$secs" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="fuzz/crashes/$t/" -print_final_stats=1 \
        "$work/$t" > "$work/$t.log" 2>&1; then
    status=1; tail -40 "$work/$t.log"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov: " "$work/$t.log" | tail -3
done
exit $status
