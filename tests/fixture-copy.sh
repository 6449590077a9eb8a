#!/usr/bin/env bash
# Copies a fixture root to DST and applies its "modes" manifest: modes and
# owners git does not keep, and special files git cannot hold.
#   MODE UID GID PATH     chmod and chown
#   mkdir PATH            an empty directory
#   fifo PATH             a named pipe
#   sparse SIZE PATH      a sparse file of SIZE (truncate syntax)
set -euo pipefail
src=$1 dst=$2
mkdir -p "$dst"
cp -a "$src/." "$dst/"
rm -f "$dst/modes" "$dst/expected"
[ -f "$src/modes" ] || exit 0
while read -r a b c d; do
  case "$a" in
    ''|'#'*) continue ;;
    mkdir) mkdir -p "$dst/$b" ;;
    fifo) rm -f "$dst/$b"; mkdir -p "$(dirname "$dst/$b")"; mkfifo "$dst/$b" ;;
    sparse) mkdir -p "$(dirname "$dst/$c")"; truncate -s "$b" "$dst/$c" ;;
    *)
      chmod "$a" "$dst/$d"
      chown -h "$b:$c" "$dst/$d"
      ;;
  esac
done < "$src/modes"
