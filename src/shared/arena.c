/* arena: bump allocator in linked blocks, so a scan frees everything at once. */
#include "shared/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)

struct block {
        struct block *next;
        size_t used, size;
        max_align_t data[];
};

struct arena {
        struct block *head;
};

static struct block *block_new(size_t size)
{
        struct block *b = malloc(sizeof(*b) + size);
        if (!b) {
                fputs("nodeaudit: out of memory\n", stderr);
                abort();
        }
        b->next = NULL;
        b->used = 0;
        b->size = size;
        return b;
}

struct arena *arena_new(void)
{
        struct arena *a = calloc(1, sizeof(*a));
        if (!a) {
                fputs("nodeaudit: out of memory\n", stderr);
                abort();
        }
        return a;
}

void arena_free(struct arena *a)
{
        if (!a)
                return;
        struct block *b = a->head;
        while (b) {
                struct block *n = b->next;
                free(b);
                b = n;
        }
        free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
        size_t align = sizeof(max_align_t);
        size = (size + align - 1) & ~(align - 1);
        if (size == 0)
                size = align;
        struct block *b = a->head;
        if (!b || b->size - b->used < size) {
                if (size > ARENA_BLOCK / 4) {
                        /* Large object: its own block, behind the current one. */
                        struct block *big = block_new(size);
                        big->used = size;
                        if (b) {
                                big->next = b->next;
                                b->next = big;
                        } else {
                                a->head = big;
                        }
                        memset(big->data, 0, size);
                        return big->data;
                }
                b = block_new(ARENA_BLOCK);
                b->next = a->head;
                a->head = b;
        }
        void *p = (char *)b->data + b->used;
        b->used += size;
        memset(p, 0, size);
        return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
        char *p = arena_alloc(a, n + 1);
        memcpy(p, s, n);
        p[n] = '\0';
        return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
        return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
        va_list copy;
        va_copy(copy, ap);
        int n = vsnprintf(NULL, 0, fmt, copy);
        va_end(copy);
        if (n < 0)
                return arena_strdup(a, "");
        char *p = arena_alloc(a, (size_t)n + 1);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *p = arena_vprintf(a, fmt, ap);
        va_end(ap);
        return p;
}

void *arena_grow_items(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
        if (n < *cap)
                return items;
        size_t ncap = *cap ? *cap * 2 : 8;
        void *p = arena_alloc(a, ncap * size);
        if (n)
                memcpy(p, items, n * size);
        *cap = ncap;
        return p;
}

void **arena_grow(struct arena *a, void **items, size_t n, size_t *cap)
{
        return arena_grow_items(a, items, n, cap, sizeof(void *));
}
