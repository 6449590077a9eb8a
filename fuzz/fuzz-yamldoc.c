/* fuzz-yamldoc: YAML and JSON documents through the bounded tree builder and its lookups. */
#include <stddef.h>
#include <stdint.h>

#include "defs/fields.h"
#include "parse/values.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct arena *a = arena_new();
        struct ynode *root;
        struct diag d = {0};
        if (ydoc_parse((const char *)data, size, "fuzz.yaml", a, &root, &d) == 0) {
                static const char *const paths[] = {"a", "a.b", "authentication.anonymous.enabled",
                                                    "<<", "spec.containers", "kind", "a.b.c.d.e"};
                for (size_t i = 0; i < ELEMENTSOF(paths); i++) {
                        const struct ynode *n = ynode_path(root, paths[i]);
                        struct value v;
                        char *why;
                        for (int t = 0; n && t < _VT_MAX; t++)
                                value_from_ynode((enum value_type)t, n, a, &v, &why);
                }
                const char *s;
                bool b;
                long l;
                char **items;
                size_t n;
                struct {
                        const char *a;
                } f;
                static const struct field table[] = {FIELD("a", FIELD_STR, false, __typeof__(f), a)};
                if (root->type == YNODE_MAP) {
                        ydef_str(root, "a", "f", false, &s, &d);
                        ydef_bool(root, "a", "f", &b, &d);
                        ydef_int(root, "a", "f", 0, 10, &l, &d);
                        ydef_strlist(root, "a", "f", a, &items, &n, &d);
                        fields_read(root, table, 1, "a map", "f", a, &f, &d);
                }
        }
        arena_free(a);
        return 0;
}
