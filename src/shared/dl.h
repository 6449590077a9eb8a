/* dl: a library opened with dlopen the first time it is needed, its symbols
 * resolved into a table once (libkmod, libcrypto: loading them at program
 * start would cost more than a whole scan). */
#pragma once

#include <stddef.h>

#include "shared/arena.h"

struct dl_library {
        const char *soname;         /* "libkmod.so.2" */
        const char *const *names;   /* the symbols, */
        void **const *slots;        /* ... and where each goes */
        size_t n;
        void *handle;               /* set once loaded */
        char failure[256];          /* set once it could not be */
};

/* For a list macro X(name): the names and the slots of sym_NAME pointers. */
#define DL_NAME(name) #name,
#define DL_SLOT(name) (void **)&sym_##name,

/* Loads LIB once; every later call answers from the first. -ENOENT with
 * *why ("libkmod cannot be loaded: ...") when it cannot be. */
int dl_load(struct dl_library *lib, struct arena *a, char **why);
