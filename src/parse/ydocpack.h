/* ydocpack: the shipped definition files, parsed at build time.
 *
 * Every run used to tokenise the same check, component and profile files
 * with libyaml, most of a scan's instructions. The build parses them with
 * ydoc_parse and embeds each file's text and tree; at run time a definition
 * file whose bytes equal an embedded text gets the embedded tree, which is
 * the tree ydoc_parse would build. Anything else, an edited copy included,
 * is parsed as YAML. */
#pragma once

#include <stdint.h>

#include "parse/yamldoc.h"

struct ydoc_packed {
        const char *name; /* the file's path in the source tree, for tests */
        const unsigned char *text;
        size_t len;
        uint64_t hash;
        const unsigned char *tree;
        size_t tree_len;
};

/* Provided by the generated table (or by an empty one). */
extern const struct ydoc_packed ydoc_packed_docs[];
extern const size_t ydoc_n_packed_docs;

uint64_t ydoc_hash(const void *buf, size_t len);
/* The tree of N as a byte string: a preorder of nodes, each a type byte
 * (type | plain << 2), line and column as varints, then a scalar's length and
 * bytes or a container's count and children (keys before their values). */
int ydoc_pack(const struct ynode *n, unsigned char **buf, size_t *len, size_t *cap);
/* The entry whose text is exactly BUF, or NULL. */
const struct ydoc_packed *ydoc_packed_find(const char *buf, size_t len);
int ydoc_unpack(const unsigned char *tree, size_t len, struct arena *a, struct ynode **ret);
/* ydoc_parse for definition files: the embedded tree when BUF is a shipped
 * file's exact text, else libyaml. */
int ydoc_parse_definition(const char *buf, size_t len, const char *file, struct arena *a,
                          struct ynode **ret, struct diag *d);
