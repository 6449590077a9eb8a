/* fuzz-elf: the ELF version reader on any bytes, through a memory file as a binary would be opened. */
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "parse/elfver.h"
#include "shared/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        int fd = memfd_create("kubelet", MFD_CLOEXEC);
        if (fd < 0)
                return 0;
        if (write(fd, data, size) != (ssize_t)size) {
                close(fd);
                return 0;
        }
        struct arena *a = arena_new();
        char *version, *tag, *how = NULL;
        elf_k8s_version(fd, a, &version, &tag, &how);
        close(fd);
        arena_free(a);
        return 0;
}
