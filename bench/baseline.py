#!/usr/bin/env python3
"""Writes the shell-audit baseline for a profile: the profile's checks done
the way a shell-driven scanner does them, one /bin/sh command line a line.

Each check becomes the audits such a scanner runs for it: the process list
piped through grep for a component's flags (`ps -ef | grep NAME | grep -v
grep`), `ps -fC kubelet` plus `cat` of the kubelet's config file for kubelet
settings, `stat` of each file at its fixed kubeadm path (or at the path a flag
names, found by grepping the process list), `find | xargs stat` for trees,
and `grep`/`cat` of the EncryptionConfiguration and audit policy. Before the
checks, one `ps -C NAME` per component finds the running binaries. Manual
checks run nothing. What such a scanner also does and this baseline leaves
out (so the baseline is the cheaper side): starting its own runtime, and
version detection through `kubectl version` or `kubelet --version`.

usage: baseline.py PROFILE_NAME SOURCE_DIR > audits.txt
"""
import glob
import os
import sys

import yaml

# Fixed kubeadm paths, as a shell-driven scanner keeps them in its config.
CONFIG_FILE = {
    'kubelet': '/var/lib/kubelet/config.yaml',
    'kube-proxy': '/var/lib/kube-proxy/config.conf',
}
UNIT_DROPIN = '/etc/systemd/system/kubelet.service.d/10-kubeadm.conf'


def load(src):
    checks, comps = {}, {}
    for f in sorted(glob.glob(os.path.join(src, 'checks', '**', '*.yaml'), recursive=True)):
        doc = yaml.safe_load(open(f))
        if 'component' in doc:
            comps[doc['component']] = {s['name']: s for s in doc.get('settings', [])}
        for c in doc.get('checks', []) or []:
            checks[c['id']] = c
    return checks, comps


def ps_grep(comp):
    return "/bin/ps -ef | grep %s | grep -v grep" % comp


def flag_value(comp, flag):
    return ("/bin/ps -ef | grep %s | grep -v grep | grep -o -- '--%s=[^ ]*' | head -n1 | cut -d= -f2"
            % (comp, flag))


def stat_cmd(probe):
    return 'stat -c permissions=%a' if probe == 'file-mode' else 'stat -c %U:%G'


def audits_for(c, comps):
    probe = c['probe']
    comp = c.get('component')
    if probe == 'manual':
        return []
    if probe == 'setting':
        names = c.get('settings') or [c['setting']]
        spec = comps.get(comp, {})
        out = []
        for n in names:
            s = spec.get(n, {})
            if comp in CONFIG_FILE and s.get('config', True) is not False:
                out += ['/bin/ps -fC %s' % comp, '/bin/cat %s' % CONFIG_FILE[comp]]
            else:
                out.append(ps_grep(comp))
        return out
    if probe in ('encryption-provider', 'audit-policy'):
        flag = comps[comp][c['setting']]['flag']
        reader = "grep -A2 providers" if probe == 'encryption-provider' else 'cat'
        return ['f=$(%s); if test -n "$f"; then %s "$f"; fi' % (flag_value(comp, flag), reader)]
    if probe in ('file-mode', 'file-owner'):
        st = stat_cmd(probe)
        if 'paths' in c:
            return ['if test -e %s; then %s %s; fi' % (p, st, p) for p in c['paths']]
        if 'trees' in c:
            out = []
            for t in c['trees']:
                name = " -name '%s'" % c['match'] if 'match' in c else ''
                out.append("find %s%s | xargs %s" % (t, name, st.replace('stat -c ', "stat -c '%n ") + "'"))
            return out
        if 'unit' in c:
            return ['if test -e %s; then %s %s; fi' % (UNIT_DROPIN, st, UNIT_DROPIN)]
        if c.get('target') == 'config-file':
            p = CONFIG_FILE[comp]
            return ['if test -e %s; then %s %s; fi' % (p, st, p)]
        s = comps[comp][c['setting']]
        fallback = ''
        if comp in CONFIG_FILE and s.get('config', True) is not False:
            leaf = c['setting'].split('.')[-1]
            fallback = ('; if test -z "$f"; then f=$(grep %s: %s | awk \'{print $2}\'); fi'
                        % (leaf, CONFIG_FILE[comp]))
        return ['f=$(%s)%s; if test -e "$f"; then %s "$f"; fi'
                % (flag_value(comp, s['flag']), fallback, st)]
    raise SystemExit('baseline.py: no shell audit for probe %s (%s)' % (probe, c['id']))


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    name, src = sys.argv[1], sys.argv[2]
    checks, comps = load(src)
    prof = yaml.safe_load(open(os.path.join(src, 'profiles', name + '.yaml')))
    entries = [checks[e['id']] for e in prof['checks']]
    used = []
    for c in entries:
        if c.get('component') and c['component'] not in used:
            used.append(c['component'])
    lines = ['/bin/ps -C %s -o cmd --no-headers' % comp for comp in used]
    for c in entries:
        lines += audits_for(c, comps)
    for line in lines:
        assert '\n' not in line
        print(line)


if __name__ == '__main__':
    main()
