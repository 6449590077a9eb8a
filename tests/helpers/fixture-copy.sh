#!/usr/bin/env bash
# Copies a fixture root to DST and applies its "modes" manifest: modes and
# owners git does not keep, and special files git cannot hold.
#   MODE UID GID PATH     chmod and chown
#   mkdir PATH            an empty directory
#   fifo PATH             a named pipe
#   sparse SIZE PATH      a sparse file of SIZE (truncate syntax)
#   kmod RELEASE NAME PATH   a fake kernel module (an ELF object with a .modinfo section)
#   depmod RELEASE        index the fake modules as depmod does
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
    kmod)
      ko="$dst/lib/modules/$b/$d"; mkdir -p "$(dirname "$ko")"
      work=$(mktemp -d); printf 'x' > "$work/e.bin"
      objcopy -I binary -O elf64-x86-64 -B i386:x86-64 "$work/e.bin" "$work/e.o"
      printf 'name=%s\0license=GPL\0vermagic=%s SMP mod_unload\0' "$c" "$b" > "$work/modinfo"
      objcopy --add-section .modinfo="$work/modinfo" --set-section-flags .modinfo=alloc "$work/e.o" "$ko"
      rm -rf "$work" ;;
    depmod) /sbin/depmod -b "$dst" "$b" 2>/dev/null ;;
    *)
      chmod "$a" "$dst/$d"
      chown -h "$b:$c" "$dst/$d"
      ;;
  esac
done < "$src/modes"
