#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS (default 60), seeded from the fixtures.
#   fuzz/run.sh [SECONDS] [TARGET...]      targets: flags yamldoc sshd kubelet catalog json state merge
# Builds build-fuzz with clang, ASan and UBSan if needed. A crash leaves its
# input in fuzz/crashes/TARGET/ and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
targets=${*:-flags yamldoc sshd kubelet catalog json state merge}
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
seed state $(find fixtures -path '*/net/tcp*' -o -name '*.crt' -o -name '*.pem' -o -name '*.key' | head -60) profiles/allowlists/kubeadm.yaml
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
