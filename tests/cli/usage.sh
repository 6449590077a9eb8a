#!/usr/bin/env bash
# usage: the command line as a user meets it — --version, --help, usage errors
# (exit 2) and roots that cannot be read (exit 3).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/worker-kubeadm"

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

plan
