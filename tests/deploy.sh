#!/usr/bin/env bash
# deploy: every file in deploy/ parsed, the fields that matter checked, and each
# command line run through the real binary against a fixture node.
set -uo pipefail
bin=${NODEAUDIT:?} fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?}
py=/usr/bin/python3
if ! "$py" -c 'import yaml' 2>/dev/null; then echo "1..0 # SKIP python3-yaml is missing (make test installs it)"; exit 0; fi
tmp=$(mktemp -d /tmp/nodeaudit-deploy-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
"$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$tmp/node"
exec "$py" - "$src/deploy" "$bin" "$tmp" <<'PY'
import os, shlex, subprocess, sys, yaml
deploy, binary, tmp = sys.argv[1:]
n = 0; failed = 0
print("TAP version 13")
def check(what, ok, detail=""):
    global n, failed
    n += 1
    print(("ok" if ok else "not ok") + f" {n} - {what}")
    if not ok:
        failed += 1
        for line in str(detail).splitlines()[:10]: print("# " + line)

def run(args, timeout=None):
    """The manifest's arguments against the fixture node: /host and /proc are the fixture's."""
    mapped = []
    for a in args:
        a = a.replace("/host", tmp + "/node") if a == "/host" else a
        mapped.append(tmp + "/node/proc" if a == "/proc" else a)
    try:
        p = subprocess.run([binary] + mapped, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return "timeout", (e.stdout or b"").decode(errors="replace"), ""

def pod_specs(doc):
    kind = doc.get("kind")
    if kind == "DaemonSet" or kind == "Job": return [doc["spec"]["template"]["spec"]]
    if kind == "CronJob": return [doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]]
    return []

for name in ("daemonset.yaml", "job.yaml", "cronjob.yaml"):
    docs = [d for d in yaml.safe_load_all(open(os.path.join(deploy, name))) if d]
    specs = [s for d in docs for s in pod_specs(d)]
    check(f"{name}: parses, with a pod template", len(specs) == 1, docs)
    for spec in specs:
        check(f"{name}: hostPID", spec.get("hostPID") is True)
        check(f"{name}: no service account token", spec.get("automountServiceAccountToken") is False)
        tol = [t.get("key") for t in spec.get("tolerations", [])]
        check(f"{name}: tolerates control-plane nodes", "node-role.kubernetes.io/control-plane" in tol, tol)
        vols = {v["name"]: v for v in spec["volumes"]}
        c = spec["containers"][0]
        mounts = [m for m in c.get("volumeMounts", []) if m["mountPath"] == "/host"]
        check(f"{name}: host / mounted read-only at /host",
              len(mounts) == 1 and mounts[0].get("readOnly") is True and vols[mounts[0]["name"]]["hostPath"]["path"] == "/", mounts)
        sc = c.get("securityContext", {})
        check(f"{name}: not privileged, no privilege escalation",
              sc.get("privileged") in (False, None) and sc.get("allowPrivilegeEscalation") is False, sc)
        caps = sc.get("capabilities", {})
        check(f"{name}: drops all capabilities but reading ones",
              caps.get("drop") == ["ALL"] and set(caps.get("add", [])) <= {"DAC_READ_SEARCH", "SYS_PTRACE"}, caps)
        res = c.get("resources", {})
        check(f"{name}: requests and limits", all(k in res.get(x, {}) for x in ("requests", "limits") for k in ("cpu", "memory")), res)
        args = c["args"]
        interval = "--interval" in args
        rc, out, err = run(args, timeout=3 if interval else 30)
        check(f"{name}: its arguments are the binary's real options ({' '.join(args)})",
              rc != 2 and out.startswith('{"schema":"nodeaudit/v1"'), f"rc={rc}\n{err}")
        if interval:
            check(f"{name}: --interval keeps the container up", rc == "timeout")

# systemd: the service's command line, with --output redirected
unit = open(os.path.join(deploy, "nodeaudit.service")).read()
execs = [l.split("=", 1)[1] for l in unit.splitlines() if l.startswith("ExecStart=")]
check("nodeaudit.service: one ExecStart", len(execs) == 1)
argv = shlex.split(execs[0])
check("nodeaudit.service: runs the installed binary", argv[0] == "/usr/sbin/nodeaudit")
out_file = argv[argv.index("--output") + 1]
args = argv[1:]; args[args.index("--output") + 1] = tmp + "/node.prom"
rc, out, err = run(["--root", "/host"] + args)
check("nodeaudit.service: its arguments work and write the textfile", rc == 0 and os.path.getsize(tmp + "/node.prom") > 0, err)
check("nodeaudit.service: may write only the textfile directory",
      f"ReadWritePaths={os.path.dirname(out_file)}" in unit and "ProtectSystem=strict" in unit and "NoNewPrivileges=yes" in unit)
check("nodeaudit.service: bounding set limited to reading capabilities",
      "CapabilityBoundingSet=CAP_DAC_READ_SEARCH CAP_SYS_PTRACE" in unit)
timer = open(os.path.join(deploy, "nodeaudit.timer")).read()
check("nodeaudit.timer: repeats and is enabled with timers.target", "OnUnitActiveSec=" in timer and "WantedBy=timers.target" in timer)

# cron: the command before "||", run for its exit code
line = [l for l in open(os.path.join(deploy, "nodeaudit.cron")) if l.strip() and not l.startswith("#")][0]
fields = line.split(None, 6)
check("nodeaudit.cron: five time fields, a user, a command", len(fields) == 7 and fields[5] == "root", fields)
cmd = shlex.split(fields[6].split("||")[0])
args = cmd[1:]; args[args.index("--output") + 1] = tmp + "/cron.json"
rc, out, err = run(["--root", "/host", "--profile", "cis-1.12-worker"] + args)
check("nodeaudit.cron: the gate trips on the kubeadm fixture (exit 1) and the report is written",
      rc == 1 and open(tmp + "/cron.json").read().startswith('{"schema"'), f"rc={rc} {err}")

# Dockerfile: the entrypoint is where meson installs the binary; CMD holds real options
df = open(os.path.join(deploy, "Dockerfile")).read()
check("Dockerfile: entrypoint /usr/sbin/nodeaudit", 'ENTRYPOINT ["/usr/sbin/nodeaudit"]' in df)
import json
cmdline = [l for l in df.splitlines() if l.startswith("CMD ")][0][4:]
rc, out, err = run(json.loads(cmdline), timeout=30)
check("Dockerfile: CMD's arguments are real options", rc in (0, 1) and out.startswith('{"schema"'), err)
print(f"1..{n}")
sys.exit(1 if failed else 0)
PY
