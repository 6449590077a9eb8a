/* condition: parses a when: mapping against the catalog's components. */
#include "defs/condition.h"

#include <errno.h>

#include "defs/catalog.h"
#include "defs/component-spec.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

int condition_parse(const struct ynode *n, const char *file, const struct catalog *cat,
                    struct arena *a, struct condition **ret, struct diag *d)
{
        static const char *const keys[] = {"component", "setting", "equals", "prefix", NULL};
        const char *comp, *setting, *equals, *prefix;
        int err;
        if ((err = ydef_expect_map(n, file, "\"when\"", d)) < 0 ||
            (err = ydef_known_keys(n, keys, file, d)) < 0 ||
            (err = ydef_str(n, "component", file, true, &comp, d)) < 0 ||
            (err = ydef_str(n, "setting", file, true, &setting, d)) < 0 ||
            (err = ydef_str(n, "equals", file, false, &equals, d)) < 0 ||
            (err = ydef_str(n, "prefix", file, false, &prefix, d)) < 0)
                return err;
        if (!equals == !prefix)
                return ydef_fail(d, file, n, "\"when\" takes equals or prefix (one of them)%s", "");
        struct condition *c = arena_alloc(a, sizeof(*c));
        c->component = catalog_component(cat, comp);
        if (!c->component)
                return ydef_fail(d, file, n, "unknown component \"%s\"", comp);
        c->setting = component_spec_setting(c->component, setting);
        if (!c->setting)
                return ydef_fail(d, file, n, "unknown setting \"%s\"", setting);
        c->test = equals ? CONDITION_EQUALS : CONDITION_PREFIX;
        c->value = arena_strdup(a, equals ? equals : prefix);
        *ret = c;
        return 0;
}
