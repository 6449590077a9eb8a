/* yamldoc: libyaml events to a tree; aliases share nodes (never copied), so an alias bomb costs nothing. */
#include "parse/yamldoc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "shared/strutil.h"

struct anchor {
        char *name;
        struct ynode *node;
        struct anchor *next;
};

struct builder {
        struct arena *a;
        const char *file;
        struct diag *d;
        struct ynode *stack[YDOC_MAX_DEPTH + 1];
        size_t cap[YDOC_MAX_DEPTH + 1];
        size_t cap_keys[YDOC_MAX_DEPTH + 1];
        size_t depth;
        struct ynode *pending_key[YDOC_MAX_DEPTH + 1];
        struct anchor *anchors;
        size_t nodes, aliases;
        struct ynode *root;
};

static struct ynode *node_new(struct builder *b, enum ynode_type t, const yaml_mark_t *m)
{
        struct ynode *n = arena_alloc(b->a, sizeof(*n));
        n->type = t;
        n->line = (unsigned)m->line + 1;
        n->column = (unsigned)m->column + 1;
        b->nodes++;
        return n;
}

static void remember_anchor(struct builder *b, const yaml_char_t *name, struct ynode *n)
{
        if (!name)
                return;
        struct anchor *an = arena_alloc(b->a, sizeof(*an));
        an->name = arena_strdup(b->a, (const char *)name);
        an->node = n;
        an->next = b->anchors; /* a redefined anchor shadows the earlier one */
        b->anchors = an;
}

/* Attaches N to the open collection on top of the stack. */
static int attach(struct builder *b, struct ynode *n, const yaml_mark_t *m)
{
        if (b->nodes > YDOC_MAX_NODES) {
                diag_set(b->d, b->file, (unsigned)m->line + 1, (unsigned)m->column + 1,
                         "more than %d nodes", YDOC_MAX_NODES);
                return -E2BIG;
        }
        if (b->depth == 0) {
                if (!b->root)
                        b->root = n;
                return 0;
        }
        size_t top = b->depth - 1;
        struct ynode *p = b->stack[top];
        if (p->type == YNODE_MAP && !b->pending_key[top]) {
                if (n->type != YNODE_SCALAR) {
                        diag_set(b->d, b->file, n->line, n->column,
                                 "a mapping key must be a scalar");
                        return -EINVAL;
                }
                b->pending_key[top] = n;
                return 0;
        }
        if (p->n >= b->cap[top]) {
                size_t nc = b->cap[top] ? b->cap[top] * 2 : 8;
                struct ynode **items = arena_alloc(b->a, nc * sizeof(*items));
                if (p->n)
                        memcpy(items, p->items, p->n * sizeof(*items));
                p->items = items;
                if (p->type == YNODE_MAP) {
                        struct ynode **keys = arena_alloc(b->a, nc * sizeof(*keys));
                        if (p->n)
                                memcpy(keys, p->keys, p->n * sizeof(*keys));
                        p->keys = keys;
                }
                b->cap[top] = nc;
        }
        if (p->type == YNODE_MAP) {
                p->keys[p->n] = b->pending_key[top];
                b->pending_key[top] = NULL;
        }
        p->items[p->n++] = n;
        return 0;
}

static int push(struct builder *b, struct ynode *n, const yaml_mark_t *m)
{
        int err = attach(b, n, m);
        if (err < 0)
                return err;
        if (b->depth >= YDOC_MAX_DEPTH) {
                diag_set(b->d, b->file, n->line, n->column, "nesting deeper than %d levels",
                         YDOC_MAX_DEPTH);
                return -E2BIG;
        }
        b->stack[b->depth] = n;
        b->cap[b->depth] = 0;
        b->pending_key[b->depth] = NULL;
        b->depth++;
        return 0;
}

static int on_event(struct builder *b, const yaml_event_t *ev)
{
        const yaml_mark_t *m = &ev->start_mark;
        struct ynode *n;
        switch (ev->type) {
        case YAML_SCALAR_EVENT:
                n = node_new(b, YNODE_SCALAR, m);
                n->value = arena_strndup(b->a, (const char *)ev->data.scalar.value,
                                         ev->data.scalar.length);
                n->len = ev->data.scalar.length;
                n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                           ev->data.scalar.plain_implicit;
                if (ev->data.scalar.tag &&
                    strcmp((const char *)ev->data.scalar.tag, YAML_STR_TAG) != 0)
                        n->plain = true; /* !!bool, !!int: typed by the tag, not quotes */
                remember_anchor(b, ev->data.scalar.anchor, n);
                return attach(b, n, m);
        case YAML_SEQUENCE_START_EVENT:
                n = node_new(b, YNODE_SEQ, m);
                remember_anchor(b, ev->data.sequence_start.anchor, n);
                return push(b, n, m);
        case YAML_MAPPING_START_EVENT:
                n = node_new(b, YNODE_MAP, m);
                remember_anchor(b, ev->data.mapping_start.anchor, n);
                return push(b, n, m);
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
                if (b->depth > 0)
                        b->depth--;
                return 0;
        case YAML_ALIAS_EVENT: {
                if (++b->aliases > YDOC_MAX_ALIASES) {
                        diag_set(b->d, b->file, (unsigned)m->line + 1, (unsigned)m->column + 1,
                                 "more than %d aliases", YDOC_MAX_ALIASES);
                        return -E2BIG;
                }
                for (struct anchor *an = b->anchors; an; an = an->next)
                        if (streq(an->name, (const char *)ev->data.alias.anchor))
                                return attach(b, an->node, m);
                diag_set(b->d, b->file, (unsigned)m->line + 1, (unsigned)m->column + 1,
                         "unknown alias \"%s\"", (const char *)ev->data.alias.anchor);
                return -EINVAL;
        }
        default:
                return 0;
        }
}

static bool is_merge_key(const struct ynode *k)
{
        return k->plain && streq(k->value, "<<");
}

/* What M's merge keys bring in, followed through: the count and depth are
 * bounded here, once, so that no lookup can be made to walk without end (a
 * mapping merging one that merges it, or nine merges of nine merges ...). */
static int merge_closure(struct builder *b, struct ynode *m)
{
        if (m->mark & 2)
                return 0;
        if (m->mark & 1) {
                diag_set(b->d, b->file, m->line, m->column, "a merge key (<<) merges the mapping it is in");
                return -ELOOP;
        }
        m->mark |= 1;
        unsigned total = 1, deepest = 0;
        for (size_t i = 0; i < m->n; i++) {
                if (!is_merge_key(m->keys[i]))
                        continue;
                struct ynode *v = m->items[i];
                size_t nt = v->type == YNODE_SEQ ? v->n : 1;
                for (size_t j = 0; j < nt; j++) {
                        struct ynode *t = v->type == YNODE_SEQ ? v->items[j] : v;
                        if (t->type != YNODE_MAP)
                                continue;
                        int err = merge_closure(b, t);
                        if (err < 0)
                                return err;
                        total += t->merged;
                        if (t->merge_depth + 1u > deepest)
                                deepest = t->merge_depth + 1u;
                        if (total > YDOC_MAX_MERGED || deepest > YDOC_MAX_MERGE_DEPTH) {
                                diag_set(b->d, b->file, m->keys[i]->line, m->keys[i]->column,
                                         total > YDOC_MAX_MERGED
                                                 ? "merge keys (<<) bring more than %d mappings into one"
                                                 : "merge keys (<<) nested deeper than %d",
                                         total > YDOC_MAX_MERGED ? YDOC_MAX_MERGED : YDOC_MAX_MERGE_DEPTH);
                                return -E2BIG;
                        }
                }
        }
        m->merged = total;
        m->merge_depth = (unsigned char)deepest;
        m->mark = (unsigned char)((m->mark & ~1) | 2);
        return 0;
}

/* Every mapping of the document, each once (aliases share nodes). */
static int bound_merges(struct builder *b, struct ynode *n)
{
        if (n->mark & 4)
                return 0;
        n->mark |= 4;
        int err = n->type == YNODE_MAP ? merge_closure(b, n) : 0;
        for (size_t i = 0; err == 0 && n->type != YNODE_SCALAR && i < n->n; i++)
                err = bound_merges(b, n->items[i]);
        return err;
}

int ydoc_parse(const char *buf, size_t len, const char *file, struct arena *a,
               struct ynode **ret, struct diag *d)
{
        yaml_parser_t parser;
        struct builder b = {.a = a, .file = file, .d = d};
        int err = 0;
        bool done = false, in_doc = false;

        if (memchr(buf, '\0', len)) {
                diag_set(d, file, 0, 0, "contains a NUL byte");
                return -EINVAL;
        }
        if (!yaml_parser_initialize(&parser)) {
                diag_set(d, file, 0, 0, "cannot initialise the YAML parser");
                return -ENOMEM;
        }
        yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
        while (!done) {
                yaml_event_t ev;
                if (!yaml_parser_parse(&parser, &ev)) {
                        const yaml_mark_t *pm = parser.problem ? &parser.problem_mark
                                                               : &parser.context_mark;
                        diag_set(d, file, (unsigned)pm->line + 1, (unsigned)pm->column + 1,
                                 "%s%s%s", parser.problem ? parser.problem : "invalid YAML",
                                 parser.context ? " " : "", parser.context ? parser.context : "");
                        err = -EINVAL;
                        break;
                }
                switch (ev.type) {
                case YAML_DOCUMENT_START_EVENT:
                        in_doc = true;
                        break;
                case YAML_DOCUMENT_END_EVENT:
                case YAML_STREAM_END_EVENT:
                        done = true; /* only the first document counts, as for the components */
                        break;
                default:
                        if (in_doc)
                                err = on_event(&b, &ev);
                        break;
                }
                yaml_event_delete(&ev);
                if (err < 0)
                        break;
        }
        yaml_parser_delete(&parser);
        if (err < 0)
                return err;
        if (!b.root || ynode_is_null(b.root)) {
                yaml_mark_t m = {0};
                b.nodes = 0;
                b.root = node_new(&b, YNODE_MAP, &m);
        }
        if ((err = bound_merges(&b, b.root)) < 0)
                return err;
        *ret = b.root;
        return 0;
}

static const struct ynode *get_depth(const struct ynode *map, const char *key, int depth)
{
        /* ydoc_parse refused deeper or wider merges: nothing is left out here */
        if (!map || map->type != YNODE_MAP || depth > YDOC_MAX_MERGE_DEPTH)
                return NULL;
        for (size_t i = map->n; i-- > 0;)
                if (streq(map->keys[i]->value, key))
                        return map->items[i];
        /* YAML 1.1 merge keys, as the components' YAML decoder applies them */
        for (size_t i = map->n; i-- > 0;) {
                if (!is_merge_key(map->keys[i]))
                        continue;
                const struct ynode *m = map->items[i];
                if (m->type == YNODE_MAP)
                        return get_depth(m, key, depth + 1);
                for (size_t j = 0; m->type == YNODE_SEQ && j < m->n; j++) {
                        const struct ynode *r = get_depth(m->items[j], key, depth + 1);
                        if (r)
                                return r;
                }
        }
        return NULL;
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
        return get_depth(map, key, 0);
}

const struct ynode *ynode_path(const struct ynode *root, const char *path)
{
        const struct ynode *n = root;
        const char *p = path;
        char key[256];
        while (n && *p) {
                const char *dot = strchr(p, '.');
                size_t l = dot ? (size_t)(dot - p) : strlen(p);
                if (l >= sizeof(key))
                        return NULL;
                memcpy(key, p, l);
                key[l] = '\0';
                n = ynode_get(n, key);
                p = dot ? dot + 1 : p + l;
        }
        return n;
}

bool ynode_is_null(const struct ynode *n)
{
        if (!n || n->type != YNODE_SCALAR || !n->plain)
                return false;
        return n->len == 0 || streq(n->value, "~") || streq(n->value, "null") ||
               streq(n->value, "Null") || streq(n->value, "NULL");
}

const char *ynode_type_name(const struct ynode *n)
{
        if (!n)
                return "nothing";
        switch (n->type) {
        case YNODE_MAP:
                return "a mapping";
        case YNODE_SEQ:
                return "a sequence";
        default:
                return n->plain ? "a scalar" : "a string";
        }
}

int ydef_fail(struct diag *d, const char *file, const struct ynode *n, const char *fmt, ...)
{
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof(msg), fmt, ap);
        va_end(ap);
        diag_set(d, file, n ? n->line : 0, n ? n->column : 0, "%s", msg);
        return -EINVAL;
}

int ydef_expect_map(const struct ynode *n, const char *file, const char *what, struct diag *d)
{
        if (n && n->type == YNODE_MAP)
                return 0;
        diag_set(d, file, n ? n->line : 0, n ? n->column : 0, "%s must be a mapping, not %s",
                 what, ynode_type_name(n));
        return -EINVAL;
}

int ydef_str(const struct ynode *map, const char *key, const char *file, bool required,
             const char **ret, struct diag *d)
{
        const struct ynode *n = ynode_get(map, key);
        if (!n || ynode_is_null(n)) {
                if (required) {
                        diag_set(d, file, map->line, map->column, "missing \"%s\"", key);
                        return -EINVAL;
                }
                *ret = NULL;
                return 0;
        }
        if (n->type != YNODE_SCALAR) {
                diag_set(d, file, n->line, n->column, "\"%s\" must be a scalar, not %s", key,
                         ynode_type_name(n));
                return -EINVAL;
        }
        *ret = n->value;
        return 0;
}

int ydef_bool(const struct ynode *map, const char *key, const char *file, bool *ret,
              struct diag *d)
{
        const char *s;
        int err = ydef_str(map, key, file, false, &s, d);
        if (err < 0 || !s)
                return err;
        if (streq(s, "true") || streq(s, "false")) {
                *ret = streq(s, "true");
                return 0;
        }
        const struct ynode *n = ynode_get(map, key);
        diag_set(d, file, n->line, n->column, "\"%s\" must be true or false, not \"%s\"", key, s);
        return -EINVAL;
}

int ydef_int(const struct ynode *map, const char *key, const char *file, long min, long max,
             long *ret, struct diag *d)
{
        const char *s;
        int err = ydef_str(map, key, file, false, &s, d);
        if (err < 0 || !s)
                return err;
        int64_t v;
        if (parse_int64(s, &v) < 0 || v < min || v > max) {
                const struct ynode *n = ynode_get(map, key);
                diag_set(d, file, n->line, n->column,
                         "\"%s\" must be a whole number from %ld to %ld, not \"%s\"", key, min,
                         max, s);
                return -EINVAL;
        }
        *ret = (long)v;
        return 0;
}

int ydef_strlist(const struct ynode *map, const char *key, const char *file, struct arena *a,
                 char ***ret, size_t *ret_n, struct diag *d)
{
        const struct ynode *n = ynode_get(map, key);
        *ret = NULL;
        *ret_n = 0;
        if (!n || ynode_is_null(n))
                return 0;
        if (n->type == YNODE_SCALAR) {
                *ret = arena_alloc(a, 2 * sizeof(char *));
                (*ret)[0] = n->value;
                *ret_n = 1;
                return 0;
        }
        if (n->type != YNODE_SEQ) {
                diag_set(d, file, n->line, n->column, "\"%s\" must be a list, not %s", key,
                         ynode_type_name(n));
                return -EINVAL;
        }
        char **items = arena_alloc(a, (n->n + 1) * sizeof(char *));
        for (size_t i = 0; i < n->n; i++) {
                if (n->items[i]->type != YNODE_SCALAR) {
                        diag_set(d, file, n->items[i]->line, n->items[i]->column,
                                 "items of \"%s\" must be scalars", key);
                        return -EINVAL;
                }
                items[i] = n->items[i]->value;
        }
        *ret = items;
        *ret_n = n->n;
        return 0;
}
