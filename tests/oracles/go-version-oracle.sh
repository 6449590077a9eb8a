#!/usr/bin/env bash
# go-version-oracle: the Kubernetes version nodeaudit reads from a binary,
# against the binary's own `--version`. Go programs laid out like Kubernetes'
# (a version package whose gitVersion the build sets with -X) are built with
# Debian's Go toolchain the ways Kubernetes and distributions build them —
# with and without -trimpath (which decides whether Go records -ldflags in
# .go.buildinfo), stripped, with a +k3s1 suffix — and one without any stamp,
# where nodeaudit must say it does not know rather than guess.
set -uo pipefail
fixtures=${FIXTURES_DIR:?} src=${SOURCE_DIR:?} nodeaudit=${NODEAUDIT:?}
go=$(command -v go || ls /usr/lib/go-*/bin/go 2>/dev/null | tail -1)
if [ -z "$go" ] || ! command -v python3 >/dev/null; then
  echo "1..0 # SKIP no Go toolchain (make test installs golang-1.19-go)"; exit 0
fi
tmp=$(mktemp -d /tmp/nodeaudit-go-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export GOCACHE=$tmp/cache GOPATH=$tmp/gopath GOFLAGS=-mod=mod GO111MODULE=on GOPROXY=off GOTOOLCHAIN=local
mkdir -p "$tmp/src/version"
cat > "$tmp/src/go.mod" <<'GO'
module k8s.io/component-base
go 1.19
GO
cat > "$tmp/src/version/base.go" <<'GO'
package version

var (
	gitMajor     string
	gitMinor     string
	gitVersion   = "v0.0.0-master+$Format:%H$"
	gitCommit    = "$Format:%H$"
	gitTreeState = ""
	buildDate    = "1970-01-01T00:00:00Z"
)

func Get() string { return gitVersion }
func Info() []string { return []string{gitMajor, gitMinor, gitCommit, gitTreeState, buildDate} }
GO
mkdir -p "$tmp/src/cmd/kubelet"
cat > "$tmp/src/cmd/kubelet/main.go" <<'GO'
package main

import (
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net/http"
	"os"

	"k8s.io/component-base/version"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--version" {
		fmt.Println("Kubernetes " + version.Get())
		return
	}
	// version-like strings the binary also holds, as the real kubelet does,
	// and enough of the standard library for a .rodata of some size
	fmt.Println("flag removed in v1.27.0, use v1.25.3 instead", version.Info())
	if len(os.Args) > 5 {
		b, _ := json.Marshal(tls.Config{})
		http.ListenAndServe(string(b), nil)
	}
}
GO
pkg=k8s.io/component-base/version
stamp() { echo "-X '$pkg.gitVersion=$1' -X '$pkg.gitMajor=1' -X '$pkg.gitMinor=${1#v1.}' -X '$pkg.gitCommit=39683505b630ff2121012f3c5b16215a1449d5ed' -X '$pkg.gitTreeState=clean' -X '$pkg.buildDate=2024-06-11T20:21:00Z'"; }
builds=(
  "release-trimpath|-trimpath|-s -w $(stamp v1.30.2)"
  "buildinfo|-buildvcs=false|$(stamp v1.29.4)"
  "k3s-suffix|-trimpath|-s -w $(stamp v1.31.4+k3s1)"
  "rc|-trimpath|$(stamp v1.33.0-rc.1)"
  "no-stamp|-trimpath|-s -w"
)
n=0 failed=0
echo "TAP version 13"
for b in "${builds[@]}"; do
  IFS='|' read -r name flags ldflags <<<"$b"
  n=$((n + 1))
  bin="$tmp/$name"
  if ! (cd "$tmp/src" && "$go" build $flags -ldflags "$ldflags" -o "$bin" ./cmd/kubelet) >"$tmp/log" 2>&1; then
    echo "not ok $n - $name: go build failed: $(tr '\n' ' ' <"$tmp/log")"; failed=$((failed + 1)); continue
  fi
  theirs=$("$bin" --version | sed -n 's/^Kubernetes v\(1\.[0-9]*\.[0-9]*\).*/\1/p')
  root="$tmp/root-$name"
  "$src/tests/helpers/fixture-copy.sh" "$fixtures/worker-kubeadm" "$root"
  cp "$bin" "$root/usr/bin/kubelet"
  ours=$("$nodeaudit" --root "$root" --profile cis-1.12-worker --format json 2>/dev/null |
    python3 -c 'import json,sys; n=json.load(sys.stdin)["node"]; print(n["kubernetes_version"] or "", "|", n["kubernetes_version_source"] or "")')
  if [ "${ours%% |*}" = "$theirs" ]; then echo "ok $n - $name: ${theirs:-unknown} (${ours#*| })"; else
    echo "not ok $n - $name: nodeaudit '${ours}', the binary says '${theirs:-no release}'"; failed=$((failed + 1)); fi
done
echo "1..$n"
[ "$failed" = 0 ]
