#!/usr/bin/env python3
"""Writes the node-state fixtures: a kubeadm control plane as its processes,
sockets and certificates show it. `clean` passes every node-state check;
`exposed` fails each: an expired, weak, SHA-1 and mismatched PKI, a process
that is not on the allowlist, and components listening beyond loopback.

    MKCERT=build/tests/mkcert tests/helpers/state-fixture.py fixtures/state-clean clean
    MKCERT=build/tests/mkcert tests/helpers/state-fixture.py fixtures/state-exposed exposed
"""
import os
import shutil
import socket
import struct
import subprocess
import sys

root, kind = sys.argv[1], sys.argv[2]
exposed = kind == "exposed"
mk = os.environ["MKCERT"]
shutil.rmtree(root, ignore_errors=True)
modes = ["# MODE UID GID PATH"]


def put(rel, text, mode=0o644):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    modes.append("%o 0 0 %s" % (mode, rel))


def link(rel, target):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.symlink(target, path)


def cert(name, *args, key=True):
    pki = os.path.join(root, "etc/kubernetes/pki")
    os.makedirs(os.path.dirname(os.path.join(pki, name)), exist_ok=True)
    cmd = [mk, "-o", os.path.join(pki, name + ".crt"), "--cn", os.path.basename(name)]
    if key:
        cmd += ["-k", os.path.join(pki, name + ".key")]
        modes.append("600 0 0 etc/kubernetes/pki/%s.key" % name)
    modes.append("644 0 0 etc/kubernetes/pki/%s.crt" % name)
    subprocess.run(cmd + ["--not-after", "21251231000000Z"] + list(args), check=True)


put("etc/hostname", "cp-state\n")
put("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
put("etc/group", "root:x:0:\nnogroup:x:65534:\n")
put("proc/sys/kernel/osrelease", "6.1.0-28-amd64\n")

# The PKI, as kubeadm init leaves it (CAs sign their leaves).
P = "etc/kubernetes/pki/"
for ca in ["ca", "front-proxy-ca", "etcd/ca"]:
    cert(ca, "--ca")
ca = lambda c: ["--issuer-cert", os.path.join(root, P + c + ".crt"), "--issuer-key", os.path.join(root, P + c + ".key")]
if exposed:
    subprocess.run([mk, "-o", os.path.join(root, P + "apiserver.crt"), "-k", os.path.join(root, P + "apiserver.key"),
                    "--cn", "kube-apiserver", "--not-after", "20250101000000Z"] + ca("ca"), check=True)
    modes.extend(["644 0 0 " + P + "apiserver.crt", "600 0 0 " + P + "apiserver.key"])
    cert("etcd/server", "-t", "rsa:1024", *ca("etcd/ca"))
    cert("front-proxy-client", "-d", "sha1", *ca("front-proxy-ca"))
    cert("apiserver-kubelet-client", *ca("ca"))
    # the key of another certificate, left behind by a renewal
    shutil.copy(os.path.join(root, P + "front-proxy-client.key"), os.path.join(root, P + "apiserver-kubelet-client.key"))
    put(P + "apiserver-etcd-client.crt", open(os.path.join(root, P + "ca.key")).read())  # a key, not a certificate
    put(P + "apiserver-etcd-client.key", open(os.path.join(root, P + "ca.key")).read(), 0o600)
else:
    cert("apiserver", *ca("ca"))
    cert("etcd/server", "-t", "ec:prime256v1", *ca("etcd/ca"))
    cert("front-proxy-client", *ca("front-proxy-ca"))
    cert("apiserver-kubelet-client", *ca("ca"))
    cert("apiserver-etcd-client", *ca("etcd/ca"))
cert("etcd/peer", *ca("etcd/ca"))

os.makedirs(os.path.join(root, "var/lib/kubelet/pki"))
pem = os.path.join(root, "var/lib/kubelet/pki/kubelet-client-2026-01-01-00-00-00.pem")
subprocess.run([mk, "-o", pem, "-k", pem, "-t", "ec:prime256v1", "--cn", "system:node:cp-state",
                "--not-after", "21251231000000Z"] + ca("ca"), check=True)
modes.append("600 0 0 var/lib/kubelet/pki/kubelet-client-2026-01-01-00-00-00.pem")
link("var/lib/kubelet/pki/kubelet-client-current.pem", "kubelet-client-2026-01-01-00-00-00.pem")
put("etc/kubernetes/kubelet.conf", """apiVersion: v1
kind: Config
clusters:
- cluster: {certificate-authority: /etc/kubernetes/pki/ca.crt, server: "https://10.0.0.5:6443"}
  name: kubernetes
contexts:
- context: {cluster: kubernetes, user: system:node:cp-state}
  name: system:node:cp-state@kubernetes
current-context: system:node:cp-state@kubernetes
users:
- name: system:node:cp-state
  user:
    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem
    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem
""", 0o600)
put("var/lib/kubelet/kubeadm-flags.env", 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock"\n')
put("var/lib/kubelet/config.yaml", "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
    "authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n"
    + ("readOnlyPort: 10255\n" if exposed else ""))

HOST_NS, POD_NS = "mnt:[4026531841]", "mnt:[4026532301]"
inode = [40000]
sockets = []  # (v6, addr, port, inode)


def process(pid, argv, exe, ns=HOST_NS, uid=0, listen=()):
    d = "proc/%d/" % pid
    put(d + "cmdline", "\0".join(argv) + "\0")
    put(d + "status", "Name:\t%s\nUid:\t%d\t%d\t%d\t%d\n" % (os.path.basename(argv[0])[:15], uid, uid, uid, uid))
    link(d + "exe", exe)
    link(d + "cwd", "/")
    link(d + "ns/mnt", ns)
    link(d + "fd/0", "/dev/null")
    for fd, (addr, port) in enumerate(listen, start=3):
        inode[0] += 1
        link(d + "fd/%d" % fd, "socket:[%d]" % inode[0])
        sockets.append((":" in addr, addr, port, inode[0]))


process(1, ["/sbin/init"], "/usr/lib/systemd/systemd")
process(412, ["/usr/lib/systemd/systemd-journald"], "/usr/lib/systemd/systemd-journald")
process(700, ["sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"], "/usr/sbin/sshd", listen=[("0.0.0.0", 22)])
process(900, ["/usr/bin/containerd"], "/usr/bin/containerd", listen=[("127.0.0.1", 35321)])
process(1187, ["/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "--kubeconfig=/etc/kubernetes/kubelet.conf"],
        "/usr/bin/kubelet", listen=[("127.0.0.1", 10248), ("::", 10250)] + ([("0.0.0.0", 10255)] if exposed else []))
pki = "/etc/kubernetes/pki/"
process(2001, ["etcd", "--cert-file=" + pki + "etcd/server.crt", "--key-file=" + pki + "etcd/server.key",
               "--trusted-ca-file=" + pki + "etcd/ca.crt", "--peer-cert-file=" + pki + "etcd/peer.crt",
               "--peer-key-file=" + pki + "etcd/peer.key", "--peer-trusted-ca-file=" + pki + "etcd/ca.crt",
               "--client-cert-auth=true", "--listen-client-urls=https://127.0.0.1:2379" + (",https://0.0.0.0:2379" if exposed else "")],
        "/usr/local/bin/etcd", POD_NS,
        listen=[("127.0.0.1", 2379), ("10.0.0.5", 2380)] + ([("0.0.0.0", 2379)] if exposed else []))
process(2002, ["kube-apiserver", "--tls-cert-file=" + pki + "apiserver.crt", "--tls-private-key-file=" + pki + "apiserver.key",
               "--client-ca-file=" + pki + "ca.crt", "--kubelet-client-certificate=" + pki + "apiserver-kubelet-client.crt",
               "--kubelet-client-key=" + pki + "apiserver-kubelet-client.key", "--etcd-certfile=" + pki + "apiserver-etcd-client.crt",
               "--etcd-keyfile=" + pki + "apiserver-etcd-client.key", "--etcd-cafile=" + pki + "etcd/ca.crt",
               "--proxy-client-cert-file=" + pki + "front-proxy-client.crt", "--proxy-client-key-file=" + pki + "front-proxy-client.key",
               "--requestheader-client-ca-file=" + pki + "front-proxy-ca.crt", "--etcd-servers=https://127.0.0.1:2379"],
        "/usr/local/bin/kube-apiserver", POD_NS, listen=[("::", 6443)])
process(2003, ["kube-scheduler", "--bind-address=" + ("0.0.0.0" if exposed else "127.0.0.1")], "/usr/local/bin/kube-scheduler",
        POD_NS, listen=[("::" if exposed else "127.0.0.1", 10259)])
process(2004, ["kube-controller-manager", "--bind-address=" + ("0.0.0.0" if exposed else "127.0.0.1"),
               "--cluster-signing-cert-file=" + pki + "ca.crt", "--cluster-signing-key-file=" + pki + "ca.key",
               "--root-ca-file=" + pki + "ca.crt"], "/usr/local/bin/kube-controller-manager",
        POD_NS, listen=[("0.0.0.0" if exposed else "127.0.0.1", 10257)])
process(2100, ["/pause"], "/pause", POD_NS)
if exposed:
    process(4242, ["/tmp/.cache/kworker", "--donate-level=1", "-o", "pool.example:3333"], "/tmp/.cache/kworker",
            uid=65534, listen=[("0.0.0.0", 4444)])


def hexaddr(v6, addr):
    packed = socket.inet_pton(socket.AF_INET6 if v6 else socket.AF_INET, addr)
    # the kernel prints each 32-bit word in the machine's byte order
    return "".join("%08X" % struct.unpack("=I", packed[i:i + 4])[0] for i in range(0, len(packed), 4))


for v6, name in [(False, "tcp"), (True, "tcp6")]:
    lines = ["  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"]
    rows = [s for s in sockets if s[0] == v6]
    for i, (_, addr, port, ino) in enumerate(rows):
        zero = hexaddr(v6, "::" if v6 else "0.0.0.0")
        lines.append("%4d: %s:%04X %s:0000 0A 00000000:00000000 00:00000000 00000000     0        0 %d 1 0000000000000000 100 0 0 10 0"
                     % (i, hexaddr(v6, addr), port, zero, ino))
    # an established connection the kubelet does not hold, on the read-only port
    lines.append("%4d: %s:2817 %s:D431 01 00000000:00000000 00:00000000 00000000     0        0 99999 1 0000000000000000 20 4 30 10 -1"
                 % (len(rows), hexaddr(v6, "::1" if v6 else "127.0.0.1"), hexaddr(v6, "::1" if v6 else "127.0.0.1")))
    put("proc/net/" + name, "\n".join(lines) + "\n")

with open(os.path.join(root, "modes"), "w") as f:
    f.write("\n".join(modes) + "\n")
