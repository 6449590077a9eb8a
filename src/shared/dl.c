/* dl: a library opened with dlopen the first time it is needed. */
#include "shared/dl.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int dl_load(struct dl_library *lib, struct arena *a, char **why)
{
        if (lib->handle)
                return 0;
        if (!lib->failure[0]) {
                void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
                const char *err = h ? NULL : dlerror();
                for (size_t i = 0; !err && i < lib->n; i++)
                        if (!(*lib->slots[i] = dlsym(h, lib->names[i])))
                                err = dlerror();
                if (!err) {
                        lib->handle = h;
                        return 0;
                }
                snprintf(lib->failure, sizeof(lib->failure), "%.*s cannot be loaded: %s",
                         (int)(strchr(lib->soname, '.') ? strchr(lib->soname, '.') - lib->soname : 64),
                         lib->soname, err ? err : "?");
                if (h)
                        dlclose(h);
        }
        *why = arena_strdup(a, lib->failure);
        return -ENOENT;
}
