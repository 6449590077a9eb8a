#!/usr/bin/env bash
# listening: sockets on the running kernel. A process that calls itself
# kube-scheduler listens on every address, then on loopback only; its
# --secure-port names the port judged beside the default ones.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
port=$((42000 + $$ % 1000))
fake_scheduler() { # ADDRESS: listens until killed
  (exec -a kube-scheduler /usr/bin/python3 -c 'import socket,sys,time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2].split("=")[1]))); s.listen(); print("up", flush=True); time.sleep(60)' "$1" "--secure-port=$port" > "$tmp/sched.out" &)
  for _ in $(seq 50); do grep -q up "$tmp/sched.out" 2>/dev/null && break; sleep 0.1; done
}
stop_scheduler() { pkill -f -- "--secure-port=$port" 2>/dev/null; sleep 0.2; }
fake_scheduler 0.0.0.0
expect 1 "a scheduler on every address (the running kernel's tables)" -- "$bin" --root / --profile node-state --check listening.scheduler-loopback --format json
has out "\"actual\":\"0.0.0.0:$port\"" "the listener is found through the process's own sockets"
has out "port $port from --secure-port=$port" "the port comes from --secure-port"
stop_scheduler
fake_scheduler 127.0.0.1
expect 0 "a scheduler on loopback" -- "$bin" --root / --profile node-state --check listening.scheduler-loopback --format json
has out "\"actual\":\"127.0.0.1:$port\"" "loopback passes"
stop_scheduler

plan
