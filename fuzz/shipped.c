/* shipped: the shipped check catalog, loaded once a fuzzing process. */
#include "shipped.h"

#include <stdlib.h>

#include "defs/catalog.h"
#include "shared/arena.h"

struct catalog *fuzz_shipped_catalog(void)
{
        static struct arena *a;
        static struct catalog *cat;
        if (!cat) {
                struct diag d = {0};
                a = arena_new();
                const char *dir = getenv("NODEAUDIT_CHECKS_DIR");
                if (catalog_load(dir ? dir : "checks", a, &cat, &d) < 0)
                        abort(); /* the shipped definitions must load */
        }
        return cat;
}
