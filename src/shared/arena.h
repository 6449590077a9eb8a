/* arena: one allocation pool per scan or document, freed at once. */
#pragma once

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);
/* Zeroed memory; aborts on exhaustion (allocation failure is not input). */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Grow-only pointer array in the arena. */
void **arena_grow(struct arena *a, void **items, size_t n, size_t *cap);
/* The same for an array of SIZE-byte items. */
void *arena_grow_items(struct arena *a, void *items, size_t n, size_t *cap, size_t size);

static inline void arena_freep(struct arena **a)
{
        arena_free(*a);
}
#define _cleanup_arena_ __attribute__((cleanup(arena_freep)))
