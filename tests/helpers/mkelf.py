#!/usr/bin/env python3
"""Writes a small ELF file holding the sections a Go binary's version stamp
lives in, for fixtures and tests of the version reader.

  mkelf.py OUT [--rodata TEXT] [--buildinfo TEXT] [--class 32|64] [--big]

TEXT may use Python escapes (\\x00). The file has a null section, the given
sections and .shstrtab; it is not runnable, which the reader does not need.
"""
import argparse
import struct


def build(sections, is64=True, big=False):
    end = '>' if big else '<'
    names = b'\0' + b''.join(n.encode() + b'\0' for n, _ in sections) + b'.shstrtab\0'
    ehsize, shentsize = (64, 64) if is64 else (52, 40)
    body = b''
    offsets = []
    off = ehsize
    for _, data in sections:
        offsets.append((off, len(data)))
        body += data
        off += len(data)
    str_off = off
    body += names
    off += len(names)
    pad = (-off) % 8
    body += b'\0' * pad
    shoff = off + pad
    shnum = len(sections) + 2
    ident = b'\x7fELF' + bytes([2 if is64 else 1, 2 if big else 1, 1]) + b'\0' * 9
    if is64:
        eh = ident + struct.pack(end + 'HHIQQQIHHHHHH', 1, 62, 1, 0, 0, shoff, 0, ehsize,
                                 0, 0, shentsize, shnum, shnum - 1)
    else:
        eh = ident + struct.pack(end + 'HHIIIIIHHHHHH', 1, 3, 1, 0, 0, shoff, 0, ehsize,
                                 0, 0, shentsize, shnum, shnum - 1)

    def sh(name, typ, off, size):
        if is64:
            return struct.pack(end + 'IIQQQQIIQQ', name, typ, 2, 0, off, size, 0, 0, 1, 0)
        return struct.pack(end + 'IIIIIIIIII', name, typ, 2, 0, off, size, 0, 0, 1, 0)

    shdrs = b'\0' * shentsize
    name_at = 1
    for (n, _), (o, s) in zip(sections, offsets):
        shdrs += sh(name_at, 1, o, s)
        name_at += len(n) + 1
    shdrs += sh(name_at, 3, str_off, len(names))
    return eh + body + shdrs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--rodata')
    ap.add_argument('--buildinfo')
    ap.add_argument('--class', dest='cls', type=int, default=64)
    ap.add_argument('--big', action='store_true')
    args = ap.parse_args()
    secs = []
    decode = lambda t: t.encode('latin-1').decode('unicode_escape').encode('latin-1')
    if args.buildinfo is not None:
        secs.append(('.go.buildinfo', b'\xff Go buildinf:\x08\x02' + b'\0' * 16 + decode(args.buildinfo)))
    if args.rodata is not None:
        secs.append(('.rodata', decode(args.rodata)))
    with open(args.out, 'wb') as f:
        f.write(build(secs, args.cls == 64, args.big))


if __name__ == '__main__':
    main()
