/* condition: parses a when: mapping against the catalog's components. */
#include "defs/condition.h"

#include <errno.h>

#include "defs/catalog.h"
#include "defs/fields.h"
#include "defs/component-spec.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

int condition_parse(const struct ynode *n, const char *file, const struct catalog *cat,
                    struct arena *a, struct condition **ret, struct diag *d)
{
        struct fields {
                const char *component, *setting, *equals, *prefix;
        } f = {0};
        static const struct field table[] = {
                FIELD("component", FIELD_STR, true, struct fields, component),
                FIELD("setting", FIELD_STR, true, struct fields, setting),
                FIELD("equals", FIELD_STR, false, struct fields, equals),
                FIELD("prefix", FIELD_STR, false, struct fields, prefix),
        };
        int err = fields_read(n, table, ELEMENTSOF(table), "\"when\"", file, a, &f, d);
        if (err < 0)
                return err;
        const char *comp = f.component, *setting = f.setting, *equals = f.equals, *prefix = f.prefix;
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
