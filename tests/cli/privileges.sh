#!/usr/bin/env bash
# privileges: least privilege. As root only the read capabilities stay;
# unprivileged, what cannot be read is an error with the reason, never a pass.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/priv"
expect 1 "a scan as root" -- "$bin" --root "$tmp/priv" --format json --profile cis-1.12-worker
has out '"privileges":{"uid":0,"capabilities":"cap_dac_read_search,cap_sys_ptrace=ep","no_new_privs":true}' "root keeps only the capabilities reading needs"
chmod 600 "$tmp/priv/var/lib/kubelet/config.yaml"; chmod 755 "$tmp" "$tmp/priv"
# nobody may not enter the source tree (a checkout private to its owner): it
# gets its own copy of the program and the definitions
mkdir -p "$tmp/nobody"; cp "$bin" "$tmp/nobody/nodeaudit"; cp -r "$src/checks" "$src/profiles" "$tmp/nobody/"
chmod -R a+rX "$tmp/nobody"
expect 1 "a scan as nobody" -- setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/nobody/nodeaudit" --checks-dir "$tmp/nobody/checks" --profiles-dir "$tmp/nobody/profiles" --root "$tmp/priv" --format json --profile cis-1.12-worker --check 4.2.1,4.2.10
has out '"uid":65534,"capabilities":"=","no_new_privs":true' "an unprivileged scan reports its privileges"
has out '"status":"error","expected":"false","actual":null,"source":{"kind":"config","detail":null},"reason":"/var/lib/kubelet/config.yaml: Permission denied"\|"reason":"/var/lib/kubelet/config.yaml: Permission denied"' "an unreadable config is an error naming the file"
if grep -q '"status":"pass"' "$tmp/out"; then bad "nothing passes for lack of evidence"; else ok "nothing passes for lack of evidence"; fi

# The capabilities go before the first byte of the node is read: before the
# first capset, the node's root and /proc are opened (O_PATH) and nothing more.
if command -v strace > /dev/null; then
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=openat,openat2,capset,getdents64 -o "$tmp/trace" "$bin" --root "$tmp/priv" --profile cis-1.12-worker --format json > /dev/null 2>&1
  if python3 - "$tmp/trace" > "$tmp/order" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
cap = next((i for i, l in enumerate(lines) if re.search(r"\bcapset\(", l)), None)
if cap is None:
    print("no capset at all"); sys.exit(1)
bad = [l for l in lines[:cap]
       if re.search(r"\bopenat2\(", l)
       or (re.search(r"\bopenat\((\d+),", l) and "O_PATH" not in l)]
print("\n".join(bad[:5]))
sys.exit(1 if bad else 0)
PY
  then ok "the capabilities are dropped before the node is read (strace)"; else bad "the node is read before the drop"; sed 's/^/# /' "$tmp/order"; fi
else
  ok "# SKIP strace is not installed"
fi

# Installed with file capabilities, run by a user other than root: what that
# user names (definitions, waivers, the tree to scan) is opened with that
# user's rights, or refused.
if command -v setcap > /dev/null && command -v setpriv > /dev/null; then
  capdir=$(mktemp -d /tmp/nodeaudit-caps-XXXXXX); chmod 755 "$capdir"
  cp "$bin" "$capdir/nodeaudit"; setcap cap_dac_read_search,cap_sys_ptrace+ep "$capdir/nodeaudit"
  cp -r "$src/checks" "$src/profiles" "$capdir/"
  mkdir -p "$capdir/secret"; cp -r "$src/checks" "$capdir/secret/checks"
  printf 'waivers:\n  - check: kubelet.anonymous-auth\n    reason: SECRET-REASON-TEXT\n    expires: 2999-01-01\n' > "$capdir/secret/w.yaml"
  chmod -R a+rX "$capdir"; chmod 700 "$capdir/secret"
  nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  expect 0 "file capabilities: the caller's readable definitions work" -- "${nobody[@]}" "$capdir/nodeaudit" list --checks-dir "$capdir/checks" --profiles-dir "$capdir/profiles"
  expect 2 "file capabilities: a checks dir the caller cannot read is not read" -- "${nobody[@]}" "$capdir/nodeaudit" list --checks-dir "$capdir/secret/checks" --profiles-dir "$capdir/profiles"
  has err "Permission denied" "... it says the caller may not read it"
  expect 2 "file capabilities: a waivers file the caller cannot read is not read" -- "${nobody[@]}" "$capdir/nodeaudit" --root / --profile cis-1.12-worker --waivers "$capdir/secret/w.yaml" --checks-dir "$capdir/checks" --profiles-dir "$capdir/profiles"
  if grep -q SECRET-REASON-TEXT "$tmp/out" "$tmp/err"; then bad "nothing of the unreadable file shows"; else ok "nothing of the unreadable file shows"; fi
  expect 2 "file capabilities: another tree than / is refused for the caller" -- "${nobody[@]}" "$capdir/nodeaudit" --root "$tmp/priv" --checks-dir "$capdir/checks" --profiles-dir "$capdir/profiles"
  has err "scans only /" "... saying why"
  expect 0 "file capabilities, run by root: any tree is scanned" -- "$capdir/nodeaudit" list --checks-dir "$capdir/secret/checks" --profiles-dir "$capdir/profiles"
  rm -rf "$capdir"
else
  ok "# SKIP setcap or setpriv is not installed"
fi

plan
