#!/usr/bin/env bash
# cli-commands: the command and option tables — help, dispatch, completion — and the atomic output.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
tmp=$(mktemp -d /tmp/nodeaudit-cli-commands-XXXXXX)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0 failed=0

ok()  { passed=$((passed + 1)); echo "ok $((passed + failed)) - $1"; }
bad() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $1"; }
# expect CODE DESCRIPTION -- COMMAND...: runs it, output in $tmp/out and $tmp/err
expect() {
  local want=$1 what=$2; shift 3
  timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" = "$want" ]; then ok "$what (exit $got)"; else bad "$what: exit $got, wanted $want"; sed 's/^/# /' "$tmp/err" | head -5; fi
}
has() { if grep -q -- "$2" "$tmp/$1"; then ok "$3"; else bad "$3: no '$2' in $1"; cut -c1-300 "$tmp/$1" | sed 's/^/# /' | head -5; fi; }
# empty DIR DESCRIPTION: nothing (no temporary either) was left in DIR
empty() { local left; left=$(ls -A "$1"); if [ -z "$left" ]; then ok "$2"; else bad "$2: left $left"; fi; }

"$src/tests/helpers/fixture-copy.sh" "$fixtures/cp-kubeadm" "$tmp/node"

echo "TAP version 13"

# sorted WORD...: one a line, sorted, for comparing lists
sorted() { printf '%s\n' "$@" | sort; }
# same DESCRIPTION A B: two lists (one word a line) are equal
same() {
  if [ "$(sort <<<"$2")" = "$(sort <<<"$3")" ]; then ok "$1"; else
    bad "$1"; diff <(sort <<<"$2") <(sort <<<"$3") | sed 's/^/# /' | head -10; fi
}

# The option table: every option --help shows is accepted, with a value of its kind.
"$bin" --help > "$tmp/help"
help_options=$(grep -oE '^  --[a-z0-9-]+' "$tmp/help" | sed 's/^  //')
same "--help shows the options of the table" "$help_options" "$("$bin" completions options)"
mkdir -p "$tmp/a-dir"; : > "$tmp/a-file"
for opt in $help_options; do
  case $("$bin" completions kind "$opt") in
  flag) args=("$opt") ;;
  file) args=("$opt" "$tmp/a-file") ;;
  dir) args=("$opt" "$tmp/a-dir") ;;
  words) args=("$opt" "$("$bin" completions values "$opt" | head -1)") ;;
  text)
    case $opt in
    --min-score) args=("$opt" 50) ;; --k8s-version) args=("$opt" 1.30) ;; --interval) args=("$opt" 30s) ;;
    *) bad "$opt takes text, and this test has no sample value for it"; continue ;;
    esac ;;
  *) bad "$opt: no kind"; continue ;;
  esac
  # --help after it runs only when the option and its value were accepted
  if [ "$opt" = --help ] || [ "$opt" = --version ]; then set -- "${args[@]}"; else set -- "${args[@]}" --help; fi
  if "$bin" "$@" >"$tmp/out" 2>"$tmp/err" && [ -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then ok "$* is accepted"
  else bad "$* is accepted"; sed 's/^/# /' "$tmp/err" | head -3; fi
done
expect 2 "an option that is not in the table" -- "$bin" --no-such-option
# the values offered are those the parser accepts, and no other
same "--fail-on offers what its parser names" "$("$bin" completions values --fail-on)" \
  "$("$bin" --fail-on x 2>&1 | sed -n 's/.*--fail-on takes \(.*\), not.*/\1/p' | sed 's/, / /g; s/ or / /' | tr ' ' '\n')"
same "--distribution offers what the scan knows" "$("$bin" completions values --distribution)" \
  "$("$bin" --root / --distribution x 2>&1 | sed -n 's/.*unknown distribution "x" (\(.*\))/\1/p' | sed 's/, /\n/g')"
same "--format offers the formats --help names" "$("$bin" completions values --format)" \
  "$(sed -n 's/^  --format FORMAT *\(.*\) (default text)$/\1/p' "$tmp/help" | sed 's/, /\n/g')"
same "--level offers what its metavariable says" "$("$bin" completions values --level)" \
  "$(grep -oE '^  --level [^ ]+' "$tmp/help" | sed 's/.* //; s/|/\n/g')"
same "--profile offers auto and the installed profiles" "$("$bin" completions values --profile)" \
  "$(echo auto; "$bin" profiles | cut -d' ' -f1)"
same "--check offers every check" "$("$bin" completions values --check)" "$("$bin" list | cut -d' ' -f1)"

# The command table: every command --help shows is the table's, and each dispatches.
commands=$("$bin" completions commands)
same "--help's usage lines are the table's commands" "$commands" \
  "$(sed -n 's/^\(Usage:\)\? *nodeaudit \[\?\([a-z]*\).*/\2/p' "$tmp/help")"
same "--help's Commands block is the table's" "$commands" \
  "$(sed -n '/^Commands:/,/^$/p' "$tmp/help" | sed -n 's/^  \([a-z]*\) .*/\1/p')"
"$bin" --root "$tmp/node" --profile cis-1.12-control-plane --format json > "$tmp/report.json"
# run COMMAND: a sample invocation of COMMAND (and its subcommands); a new command needs one here
run() {
  case $1 in
  scan) expect 0 "scan dispatches" -- "$bin" scan --root "$tmp/node" --profile node-state --fail-on none
        has out "score" "scan reports" ;;
  list) expect 0 "list dispatches" -- "$bin" list --profile cis-1.12-worker
        has out "kubelet.anonymous-auth" "list lists" ;;
  explain) expect 0 "explain dispatches" -- "$bin" explain 4.2.1
        has out "Remediation:" "explain explains" ;;
  profiles) expect 0 "profiles dispatches" -- "$bin" profiles
        has out "^cis-1.12-worker " "profiles lists the profiles" ;;
  merge) expect 0 "merge dispatches" -- "$bin" merge "$tmp/report.json"
        has out "^1 node scanned" "merge merges" ;;
  baseline)
    same "baseline's subcommands are save and diff" "$("$bin" completions subcommands baseline)" "$(printf 'save\ndiff')"
    expect 0 "baseline save dispatches" -- "$bin" baseline save "$tmp/dispatch.txt" --root "$tmp/node"
    expect 0 "baseline diff dispatches" -- "$bin" baseline diff "$tmp/dispatch.txt" --root "$tmp/node"
    has out "no change" "baseline diff compares" ;;
  *) bad "$1: no sample invocation in this test" ;;
  esac
}
for c in $commands; do run "$c"; done
expect 0 "the hidden completions command dispatches" -- "$bin" completions
expect 2 "an unknown command" -- "$bin" no-such-command
has err 'unknown command "no-such-command"' "the unknown command is named"

# completion/nodeaudit.bash offers the tables' lists (bash-completion's helpers stubbed).
# shellcheck disable=SC2034 # cur and prev are for the sourced function
_init_completion() { words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; cur=${words[cword]}; prev=${words[cword-1]}; }
_filedir() { COMPREPLY=("<files${1:+ $1}>"); }
# shellcheck source=/dev/null
source "$src/completion/nodeaudit.bash"
complete_words() { COMP_WORDS=("$bin" "$@"); COMP_CWORD=$#; COMPREPLY=(); _nodeaudit; printf '%s\n' "${COMPREPLY[@]}"; }
same "completion: the commands" "$(complete_words "")" "$commands"
same "completion: the options (scan's are all of --help's)" "$(complete_words --)" "$help_options"
same "completion: list's options" "$(complete_words list --)" "$("$bin" completions options list)"
same "completion: options after baseline's file" "$(complete_words baseline save f --)" "$("$bin" completions options baseline)"
same "completion: --format" "$(complete_words --format "")" "$("$bin" completions formats)"
same "completion: merge's formats, as its usage line says" "$(complete_words merge --format "")" \
  "$(sed -n 's/.*nodeaudit merge \[--format \([a-z|]*\)\].*/\1/p' "$tmp/help" | tr '|' '\n')"
same "completion: baseline's formats, as its error says" "$(complete_words baseline diff f --format "")" \
  "$("$bin" baseline diff f --format junit 2>&1 | sed -n 's/.*baseline writes \(.*\), not junit/\1/p' | sed 's/ or /\n/; s/, /\n/g')"
same "completion: baseline's subcommands" "$(complete_words baseline "")" "$(printf 'save\ndiff')"
same "completion: --fail-on" "$(complete_words --fail-on "")" "$("$bin" completions values --fail-on)"
same "completion: --distribution" "$(complete_words --distribution "")" "$("$bin" completions values --distribution)"
same "completion: explain's check ids" "$(complete_words explain "")" "$("$bin" list | cut -d' ' -f1)"
same "completion: a directory for --root" "$(complete_words --root "")" "<files -d>"
same "completion: a file for --waivers" "$(complete_words --waivers "")" "<files>"
same "completion: nothing for --min-score" "$(complete_words --min-score "")" ""

# baseline save: whatever fails, neither the file nor its temporary is left.
mkdir "$tmp/ro"; chmod 555 "$tmp/ro"
expect 3 "baseline save into a read-only directory" -- "$bin" baseline save "$tmp/ro/b.txt" --root "$tmp/node"
has err "cannot write" "the failure is named"
empty "$tmp/ro" "a read-only directory keeps no .b.txt.XXXXXX"
expect 3 "baseline save into a vanished directory" -- "$bin" baseline save "$tmp/gone/b.txt" --root "$tmp/node"
if [ ! -e "$tmp/gone" ]; then ok "nothing is created for a vanished directory"; else bad "nothing is created for a vanished directory"; fi
mkdir "$tmp/bl"
expect 3 "baseline save of an unreadable root" -- "$bin" baseline save "$tmp/bl/b.txt" --root "$tmp/no-such-root"
empty "$tmp/bl" "an unreadable root leaves no baseline and no temporary"
mkdir "$tmp/bl/b.txt"
expect 3 "baseline save over a directory (the rename fails)" -- "$bin" baseline save "$tmp/bl/b.txt" --root "$tmp/node"
if [ "$(ls -A "$tmp/bl")" = b.txt ]; then ok "a failed rename removes the temporary"; else bad "a failed rename removes the temporary: $(ls -A "$tmp/bl")"; fi
rmdir "$tmp/bl/b.txt"
expect 3 "baseline save past the file size limit (the write fails)" -- bash -c 'trap "" XFSZ; ulimit -f 1; exec "$@"' - "$bin" baseline save "$tmp/bl/b.txt" --root "$tmp/node"
empty "$tmp/bl" "a failed write removes the temporary"
expect 0 "baseline save" -- "$bin" baseline save "$tmp/bl/b.txt" --root "$tmp/node"
if [ "$(ls -A "$tmp/bl")" = b.txt ] && [ "$(stat -c %a "$tmp/bl/b.txt")" = 600 ]; then ok "a saved baseline is the only file left, mode 0600"; else bad "a saved baseline is the only file left, mode 0600"; fi

# scan --output: the old report stays whole until the new one replaces it.
mkdir "$tmp/rep"
echo previous > "$tmp/rep/r.json"
expect 3 "scan --output past the file size limit" -- bash -c 'trap "" XFSZ; ulimit -f 1; exec "$@"' - "$bin" --root "$tmp/node" --format json --output "$tmp/rep/r.json"
has err "cannot write the report to $tmp/rep/r.json" "the failed write is named"
if [ "$(cat "$tmp/rep/r.json")" = previous ] && [ "$(ls -A "$tmp/rep")" = r.json ]; then ok "a failed --output leaves the previous report and no temporary"; else bad "a failed --output leaves the previous report and no temporary: $(ls -A "$tmp/rep")"; fi
inode=$(stat -c %i "$tmp/rep/r.json")
expect 1 "scan --output" -- "$bin" --root "$tmp/node" --format json --output "$tmp/rep/r.json"
if [ ! -s "$tmp/out" ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/rep/r.json" && [ "$(stat -c %a "$tmp/rep/r.json")" = 644 ]; then ok "the report is whole JSON, mode 0644, nothing on stdout"; else bad "the report is whole JSON, mode 0644, nothing on stdout"; fi
if [ "$(stat -c %i "$tmp/rep/r.json")" != "$inode" ] && [ "$(ls -A "$tmp/rep")" = r.json ]; then ok "the report replaced the old one by a rename, no temporary left"; else bad "the report replaced the old one by a rename, no temporary left"; fi
chmod 555 "$tmp/rep"
expect 3 "scan --output into a read-only directory" -- "$bin" --root "$tmp/node" --output "$tmp/rep/r.json"
if [ "$(ls -A "$tmp/rep")" = r.json ]; then ok "a read-only directory keeps no temporary"; else bad "a read-only directory keeps no temporary"; fi
chmod 755 "$tmp/rep"

echo "1..$((passed + failed))"
echo "# $passed passed, $failed failed"
[ "$failed" = 0 ]
