/* fuzz-unit: systemd unit files and a drop-in (split at the first NUL), then list directives read. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse/unit.h"
#include "shared/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const uint8_t *nul = memchr(data, 0, size);
        size_t first = nul ? (size_t)(nul - data) : size;
        struct arena *a = arena_new();
        struct unit_file u = {0};
        unit_parse(&u, "/lib/systemd/system/kubelet.service", (const char *)data, first, a);
        if (nul)
                unit_parse(&u, "/etc/systemd/system/kubelet.service.d/10.conf", (const char *)nul + 1,
                           size - first - 1, a);
        static const char *const keys[][2] = {{"Service", "IPAddressDeny"},
                                              {"Service", "ExecStart"},
                                              {"Unit", "After"}};
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
                const struct unit_assignment *last;
                unit_list_value(&u, keys[i][0], keys[i][1], a, &last);
        }
        arena_free(a);
        return 0;
}
