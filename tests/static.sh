#!/usr/bin/env bash
# static: clang-tidy (.clang-tidy) and cppcheck over the sources must be quiet.
set -uo pipefail
src=${SOURCE_DIR:?} build=${BUILD_DIR:?}
n=0 failed=0
echo "TAP version 13"
run() {
  n=$((n + 1))
  if ! command -v "$2" >/dev/null; then echo "ok $n - $1 # SKIP $2 is missing (make test installs it)"; return; fi
  if out=$("${@:2}" 2>&1) && ! grep -qE "(warning|error):" <<<"$out"; then echo "ok $n - $1"; else
    echo "not ok $n - $1"; grep -E "(warning|error):" <<<"$out" | head -20 | sed 's/^/# /'; failed=$((failed + 1)); fi
}
cd "$src"
run "clang-tidy is quiet" clang-tidy -p "$build" --quiet src/*/*.c tools/*.c
run "cppcheck is quiet" cppcheck --quiet --enable=warning,portability,performance --std=c11 --error-exitcode=1 \
  -D_GNU_SOURCE -I src -I "$build" --suppress=missingIncludeSystem --inline-suppr src tools
echo "1..$n"
[ "$failed" = 0 ]
