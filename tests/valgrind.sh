#!/usr/bin/env bash
# valgrind: every fixture scan under memcheck — no invalid access, no leak.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
if ! command -v valgrind >/dev/null; then echo "1..0 # SKIP valgrind is missing (make test installs it)"; exit 0; fi
tmp=$(mktemp -d /tmp/nodeaudit-valgrind-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
echo "TAP version 13"
for dir in "$fixtures"/*/; do
  fx=$(basename "$dir"); n=$((n + 1))
  "$src/tests/helpers/fixture-copy.sh" "$dir" "$tmp/$fx"
  valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
    --suppressions="$src/tests/helpers/valgrind.supp" --error-exitcode=99 "$bin" --root "$tmp/$fx" --format json > /dev/null 2> "$tmp/err"
  rc=$?
  if [ "$rc" != 99 ] && ! grep -q "==[0-9]*==" "$tmp/err"; then echo "ok $n - $fx: clean under memcheck"; else
    echo "not ok $n - $fx: rc $rc"; grep "==" "$tmp/err" | head -20 | sed 's/^/# /'; failed=$((failed + 1)); fi
done
echo "1..$n"
[ "$failed" = 0 ]
