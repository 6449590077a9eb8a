#!/bin/bash
# Runs every audit of FILE the way a shell-driven scanner does: each line
# through its own /bin/sh -c, output captured and discarded.
# usage: baseline-run.sh FILE [OUTPUT]   (OUTPUT: keep what the audits printed)
out=${2:-/dev/null}
: > "$out"
while IFS= read -r audit; do
  /bin/sh -c "$audit" >> "$out" 2>/dev/null || true
done < "$1"
