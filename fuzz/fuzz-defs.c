/* fuzz-defs: the scanner's own definition files against the shipped catalog —
 * distribution files, profiles, waivers and allowlists (the first byte chooses). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "defs/allowlist.h"
#include "defs/catalog.h"
#include "defs/distribution.h"
#include "defs/profile.h"
#include "defs/waivers.h"
#include "parse/yamldoc.h"
#include "shared/arena.h"
#include "shipped.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size < 1)
                return 0;
        struct catalog *cat = fuzz_shipped_catalog();
        struct arena *a = arena_new();
        const char *text = (const char *)data + 1;
        size_t len = size - 1;
        struct diag d = {0};
        struct ynode *root;
        switch (data[0] % 4) {
        case 0: {
                struct distro *dd;
                if (ydoc_parse(text, len, "d.yaml", a, &root, &d) == 0)
                        distro_parse(root, "d.yaml", cat, a, &dd, &d);
                break;
        }
        case 1: {
                /* a profile's entries are checked against the catalog, which
                 * parses on demand: a copy per input would cost more than the
                 * parse; parsing into the shared one only adds checks it has */
                struct profile *p;
                if (ydoc_parse(text, len, "p.yaml", a, &root, &d) == 0)
                        profile_parse(root, "p.yaml", cat, a, &p, &d);
                break;
        }
        case 2: {
                struct waivers *w;
                waivers_parse(text, len, "w.yaml", a, &w, &d);
                break;
        }
        default: {
                struct allowlist *l;
                allowlist_parse(text, len, "a.yaml", a, &l, &d);
                break;
        }
        }
        arena_free(a);
        return 0;
}
