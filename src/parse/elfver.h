/* elfver: the Kubernetes version a Go binary (kubelet, kube-apiserver, k3s)
 * was built with, read from the ELF file without running it. */
#pragma once

#include "shared/arena.h"

/* The release ("1.30.2") stamped into the binary open on FD by the build's
 * -X ...version.gitVersion=v1.30.2 linker flag:
 *   - from the build settings in .go.buildinfo, where Go records -ldflags
 *     (builds without -trimpath);
 *   - else from .rodata, where the linker stores each -X value as a
 *     NUL-terminated string (Go's own strings are not terminated), so a
 *     "\0v1.N.M\0" there is the stamp.
 * *RET_TAG is the whole stamp ("v1.30.2+k3s1"), *RET_HOW where it was found.
 * Returns 0; -ENOENT when no stamp is found; -EINVAL when FD is not an ELF
 * file or its headers are out of bounds; -ENOTUNIQ when .rodata holds
 * different stamps (*RET_HOW lists them); -errno on read errors. */
int elf_k8s_version(int fd, struct arena *a, char **ret_version, char **ret_tag, char **ret_how);

/* The release in a stamp or tag: "v1.30.2+k3s1" -> "1.30.2"; NULL if none. */
char *k8s_release_of_tag(const char *tag, struct arena *a);
