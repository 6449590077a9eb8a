# lib.sh: what the tests/cli/*.sh scripts share; each sources it first.
# The environment meson gives them, a temp dir removed on exit, the TAP helpers.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
tmp=$(mktemp -d "/tmp/nodeaudit-cli-$(basename "$0" .sh)-XXXXXX")
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
# plan: the TAP plan and the tally, last; its status is the script's
plan() {
  echo "1..$((passed + failed))"
  echo "# $passed passed, $failed failed"
  [ "$failed" = 0 ]
}

# empty_node DIR: a root where no Kubernetes runs (an init process, a kernel release)
empty_node() {
  mkdir -p "$1/etc" "$1/proc/1"
  printf '/sbin/init\0' > "$1/proc/1/cmdline"
  mkdir -p "$1/proc/sys/kernel"; echo 6.1.0 > "$1/proc/sys/kernel/osrelease"
}

echo "TAP version 13"
