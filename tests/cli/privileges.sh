#!/usr/bin/env bash
# privileges: least privilege. As root only the read capabilities stay;
# unprivileged, what cannot be read is an error with the reason, never a pass.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/priv"
expect 1 "a scan as root" -- "$bin" --root "$tmp/priv" --format json --profile cis-1.12-worker
has out '"privileges":{"uid":0,"capabilities":"cap_dac_read_search,cap_sys_ptrace=ep","no_new_privs":true}' "root keeps only the capabilities reading needs"
chmod 600 "$tmp/priv/var/lib/kubelet/config.yaml"; chmod 755 "$tmp" "$tmp/priv"
expect 1 "a scan as nobody" -- setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --root "$tmp/priv" --format json --profile cis-1.12-worker --check 4.2.1,4.2.10
has out '"uid":65534,"capabilities":"=","no_new_privs":true' "an unprivileged scan reports its privileges"
has out '"status":"error","expected":"false","actual":null,"source":{"kind":"config","detail":null},"reason":"/var/lib/kubelet/config.yaml: Permission denied"\|"reason":"/var/lib/kubelet/config.yaml: Permission denied"' "an unreadable config is an error naming the file"
if grep -q '"status":"pass"' "$tmp/out"; then bad "nothing passes for lack of evidence"; else ok "nothing passes for lack of evidence"; fi

plan
