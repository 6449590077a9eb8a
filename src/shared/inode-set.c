/* inode-set: an open-addressing set of (device, inode) pairs, exact (no hashed key stands for a file). */
#include "shared/inode-set.h"

#include <stdint.h>

#include "shared/arena.h"

static size_t slot_of(dev_t dev, ino_t ino, size_t cap)
{
        uint64_t h = ((uint64_t)dev * 0x9e3779b97f4a7c15ull) ^ (uint64_t)ino;
        h ^= h >> 31;
        h *= 0xbf58476d1ce4e5b9ull;
        h ^= h >> 29;
        return (size_t)h & (cap - 1);
}

static void put(struct inode_key *slots, size_t cap, dev_t dev, ino_t ino)
{
        for (size_t j = slot_of(dev, ino, cap);; j = (j + 1) & (cap - 1))
                if (!slots[j].used) {
                        slots[j] = (struct inode_key){.dev = dev, .ino = ino, .used = true};
                        return;
                }
}

bool inode_set_add(struct inode_set *s, dev_t dev, ino_t ino, struct arena *a)
{
        if ((s->n + 1) * 2 > s->cap) {
                size_t ncap = s->cap ? s->cap * 2 : 64;
                struct inode_key *n = arena_alloc(a, ncap * sizeof(*n));
                for (size_t i = 0; i < s->cap; i++)
                        if (s->slots[i].used)
                                put(n, ncap, s->slots[i].dev, s->slots[i].ino);
                s->slots = n;
                s->cap = ncap;
        }
        for (size_t j = slot_of(dev, ino, s->cap);; j = (j + 1) & (s->cap - 1)) {
                if (!s->slots[j].used) {
                        s->slots[j] = (struct inode_key){.dev = dev, .ino = ino, .used = true};
                        s->n++;
                        return true;
                }
                if (s->slots[j].dev == dev && s->slots[j].ino == ino)
                        return false;
        }
}
