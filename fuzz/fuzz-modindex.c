/* fuzz-modindex: kmod module indexes (modules.dep.bin, modules.alias.bin) searched exactly and with
 * wildcards. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse/modindex.h"
#include "shared/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first byte is the length of a key that follows; the rest is the index. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const char *const keys[] = {"cramfs", "fs_cramfs", "pci:v00008086d0000100Esv1sd2",
                                           ""};
        char key[256];
        size_t klen = size ? data[0] : 0;
        if (klen > size - (size ? 1 : 0))
                klen = size - (size ? 1 : 0);
        memcpy(key, data + (size ? 1 : 0), klen);
        key[klen] = '\0';
        const uint8_t *buf = data + (size ? 1 : 0) + klen;
        size_t len = size - (size ? 1 : 0) - klen;
        struct arena *a = arena_new();
        struct modindex idx;
        if (modindex_open(buf, len, &idx) == 0) {
                for (size_t i = 0; i <= sizeof(keys) / sizeof(*keys); i++) {
                        const char *k = i < sizeof(keys) / sizeof(*keys) ? keys[i] : key;
                        char *v, *path, **vs;
                        size_t n;
                        if (modindex_search(&idx, k, a, &v) == 0)
                                modindex_dep_path(v, a, &path);
                        modindex_search_wild(&idx, k, a, &vs, &n);
                }
        }
        arena_free(a);
        return 0;
}
