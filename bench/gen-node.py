#!/usr/bin/env python3
"""Builds a synthetic node root for the benchmark.

A copy of a fixture node (a kubeadm control plane by default) with its modes
applied, plus N extra processes under ROOT/proc, as a busy node has them:
container shims, pause containers, workloads, system daemons and kernel
threads (which have an empty cmdline). Extra certificate and key files go
under the PKI directory. The fixture's processes and the extra ones are also written to OUT/spawn.list
in the record format of standin.c (program, working directory, argv, environ),
for starting them as real processes in a private PID namespace; the program
is /opt/bench/bin/NAME, NAME being argv[0]'s basename (OUT/names lists them).

usage: gen-node.py --out DIR --procs N [--pki-files M] [--fixture DIR]
"""
import argparse
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def shapes(rng, i):
    """One extra process's argv; the mix a node running pods shows."""
    cid = '%064x' % rng.getrandbits(256)
    kind = i % 10
    if kind in (0, 1):
        return ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'k8s.io', '-id', cid,
                '-address', '/run/containerd/containerd.sock']
    if kind == 2:
        return ['/pause']
    if kind == 3:
        return ['nginx: worker process']
    if kind == 4:
        return ['/usr/local/bin/python3', '/app/server.py', '--port=%d' % (8000 + i % 1000),
                '--workers=4', '--log-level=info']
    if kind == 5:
        return ['/usr/lib/jvm/java-17-openjdk-amd64/bin/java', '-Xms512m', '-Xmx2g',
                '-XX:+UseG1GC', '-Dspring.profiles.active=production', '-jar', '/opt/app/app.jar']
    if kind == 6:
        return ['/coredns', '-conf', '/etc/coredns/Corefile']
    if kind == 7:
        return ['/usr/sbin/sshd', '-D', '-o', 'AuthorizedKeysCommand=/usr/bin/true']
    if kind == 8:
        # a process whose name merely contains a component's name
        return ['/usr/bin/kubelet-exporter', '--listen=:9%03d' % (i % 1000)]
    return []  # kernel thread: empty cmdline


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', required=True)
    ap.add_argument('--procs', type=int, required=True)
    ap.add_argument('--pki-files', type=int, default=0)
    ap.add_argument('--fixture', default=os.path.join(TOP, 'fixtures', 'cp-kubeadm'))
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args()

    root = os.path.join(args.out, 'root')
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    subprocess.run([os.path.join(TOP, 'tests', 'helpers', 'fixture-copy.sh'), args.fixture, root], check=True)

    rng = random.Random(args.seed)
    proc = os.path.join(root, 'proc')
    names = set()

    def record(argv, cwd, env):
        name = os.path.basename(argv[0].split(' ')[0]) or 'standin'
        names.add(name)
        fields = ['/opt/bench/bin/' + name, cwd, str(len(argv))] + argv + [str(len(env))] + env
        return b''.join(f.encode('utf-8', 'surrogateescape') + b'\0' for f in fields)

    with open(os.path.join(args.out, 'spawn.list'), 'wb') as rec:
        for pid in sorted(os.listdir(proc)):
            cmdline = os.path.join(proc, pid, 'cmdline')
            if not pid.isdigit() or pid == '1' or not os.path.exists(cmdline):
                continue
            raw = open(cmdline, 'rb').read()
            argv = [a.decode('utf-8', 'surrogateescape') for a in raw.split(b'\0')[:-1]]
            envf = os.path.join(proc, pid, 'environ')
            env = []
            if os.path.exists(envf):
                env = [e.decode('utf-8', 'surrogateescape') for e in open(envf, 'rb').read().split(b'\0')[:-1]]
            cwd = os.readlink(os.path.join(proc, pid, 'cwd')) if os.path.islink(os.path.join(proc, pid, 'cwd')) else '/'
            if argv:
                rec.write(record(argv, cwd, env))
        for i in range(args.procs):
            argv = shapes(rng, i)
            d = os.path.join(proc, str(10000 + i))
            os.mkdir(d)
            data = b''.join(a.encode() + b'\0' for a in argv)
            with open(os.path.join(d, 'cmdline'), 'wb') as f:
                f.write(data)
            os.symlink('/', os.path.join(d, 'cwd'))
            if argv:
                rec.write(record(argv, '/', []))
    with open(os.path.join(args.out, 'names'), 'w') as f:
        f.write(''.join(n + '\n' for n in sorted(names)))

    pki = os.path.join(root, 'etc', 'kubernetes', 'pki', 'extra')
    if args.pki_files:
        os.makedirs(pki, exist_ok=True)
    for i in range(args.pki_files):
        for ext, mode in (('crt', 0o644), ('key', 0o600)):
            p = os.path.join(pki, 'client-%05d.%s' % (i, ext))
            with open(p, 'w') as f:
                f.write('-----BEGIN %s-----\n' % ('CERTIFICATE' if ext == 'crt' else 'PRIVATE KEY'))
            os.chmod(p, mode)
    return 0


if __name__ == '__main__':
    sys.exit(main())
