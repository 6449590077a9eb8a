/* fuzz-catalog: check, component and profile definitions through their loaders. */
#include <stddef.h>
#include <stdint.h>

#include "defs/profile.h"
#include "shared/strutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct arena *a = arena_new();
        struct ynode *root;
        struct diag d = {0};
        if (ydoc_parse((const char *)data, size, "fuzz.yaml", a, &root, &d) == 0) {
                struct catalog *cat = arena_alloc(a, sizeof(*cat));
                int err = 0;
                for (int pass = 1; pass >= 0 && err == 0; pass--)
                        if (root->type == YNODE_MAP)
                                err = catalog_add_document(cat, root, "fuzz.yaml", pass, a, &d);
                struct profile *p;
                if (root->type == YNODE_MAP)
                        profile_parse(root, "fuzz.yaml", cat, a, &p, &d);
        }
        arena_free(a);
        return 0;
}
