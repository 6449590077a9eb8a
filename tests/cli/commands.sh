#!/usr/bin/env bash
# commands: list, profiles and explain.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
expect 0 "list" -- "$bin" list --profile cis-1.12-worker
lines 25 "list prints every check of the profile"
expect 0 "profiles" -- "$bin" profiles
has out "cis-1.12-worker" "profiles lists the worker profile"
expect 0 "explain by number" -- "$bin" explain 4.2.1
has out "kubelet.anonymous-auth" "explain names the slug"
has out "flags only" "explain shows both defaults"
has out "cis-1.12-worker 4.2.1" "explain names the profile and number"
expect 0 "explain by slug" -- "$bin" explain kubelet.config-file-permissions
expect 2 "explain an unknown check" -- "$bin" explain kubelet.nope
expect 2 "explain without an id" -- "$bin" explain

plan
