/* fields: definition mappings read through field tables. */
#include "defs/fields.h"

#include <errno.h>
#include <string.h>

#include "parse/yamldoc.h"
#include "shared/strutil.h"

int fields_read(const struct ynode *map, const struct field *table, size_t n, const char *what,
                const char *file, struct arena *a, void *out, struct diag *d)
{
        int err = ydef_expect_map(map, file, what, d);
        if (err < 0)
                return err;
        for (size_t i = 0; i < map->n; i++) {
                bool known = false;
                for (size_t k = 0; k < n && !known; k++)
                        known = streq(map->keys[i]->value, table[k].key);
                if (!known)
                        return ydef_fail(d, file, map->keys[i], "unknown key \"%s\"",
                                         map->keys[i]->value);
        }
        for (size_t k = 0; k < n; k++) {
                const struct field *f = &table[k];
                void *at = (char *)out + f->offset;
                switch (f->kind) {
                case FIELD_STR:
                        err = ydef_str(map, f->key, file, f->required, (const char **)at, d);
                        break;
                case FIELD_BOOL:
                        err = ydef_bool(map, f->key, file, (bool *)at, d);
                        break;
                case FIELD_LIST: {
                        struct field_list *l = at;
                        err = ydef_strlist(map, f->key, file, a, &l->v, &l->n, d);
                        if (err == 0 && f->required && !l->n)
                                err = ydef_fail(d, file, map, "missing \"%s\"", f->key);
                        break;
                }
                case FIELD_NODE: {
                        const struct ynode *v = ynode_get(map, f->key);
                        *(const struct ynode **)at = v && !ynode_is_null(v) ? v : NULL;
                        if (f->required && !*(const struct ynode **)at)
                                err = ydef_fail(d, file, map, "missing \"%s\"", f->key);
                        break;
                }
                }
                if (err < 0)
                        return err;
        }
        return 0;
}
