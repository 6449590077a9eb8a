/* fuzz-documents: what the node's YAML says to the model and the probes — a
 * static pod manifest for the API server and the encryption and audit
 * documents it names (input: three parts split at NULs), every API server
 * check of the shipped catalog judged on an offline root holding them. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defs/catalog.h"
#include "defs/profile.h"
#include "engine/judge.h"
#include "model/node.h"
#include "probes/result.h"
#include "shared/arena.h"
#include "shipped.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];
static struct catalog *cat;

static void setup(void)
{
        if (cat)
                return;
        cat = fuzz_shipped_catalog();
        strcpy(root, "/tmp/nodeaudit-fuzz-docs-XXXXXX");
        if (!mkdtemp(root))
                abort();
        char p[128];
        snprintf(p, sizeof(p), "%s/etc", root);
        mkdir(p, 0755);
        snprintf(p, sizeof(p), "%s/etc/kubernetes", root);
        mkdir(p, 0755);
        snprintf(p, sizeof(p), "%s/etc/kubernetes/manifests", root);
        mkdir(p, 0755);
}

static void put(const char *rel, const uint8_t *data, size_t len)
{
        char p[128];
        snprintf(p, sizeof(p), "%s/%s", root, rel);
        FILE *f = fopen(p, "w");
        if (!f)
                abort();
        fwrite(data, 1, len, f);
        fclose(f);
}

/* The next part of the input, up to a NUL (or the end). */
static size_t part(const uint8_t **data, size_t *size, const uint8_t **ret)
{
        const uint8_t *nul = memchr(*data, 0, *size);
        size_t n = nul ? (size_t)(nul - *data) : *size;
        *ret = *data;
        *data += nul ? n + 1 : n;
        *size -= nul ? n + 1 : n;
        return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        setup();
        const uint8_t *manifest, *encryption, *audit;
        size_t nm = part(&data, &size, &manifest);
        size_t ne = part(&data, &size, &encryption);
        size_t na = part(&data, &size, &audit);
        put("etc/kubernetes/manifests/kube-apiserver.yaml", manifest, nm);
        put("etc/kubernetes/enc.yaml", encryption, ne);
        put("etc/kubernetes/audit.yaml", audit, na);
        struct arena *a = arena_new();
        struct node *node;
        char *why;
        if (node_open(root, NULL, cat, a, &node, &why) == 0 && node_load(node, &why) == 0) {
                for (size_t i = 0; i < cat->n_checks; i++) {
                        const struct check *c = cat->checks[i];
                        if (!c->component || strcmp(c->component->name, "kube-apiserver") != 0)
                                continue;
                        struct profile_entry e = {.check = c, .op = c->op, .expected = c->expected,
                                                  .n_expected = c->n_expected, .scored = true};
                        struct result r = {0};
                        judge_entry(node, &e, &r);
                }
                node_close(node);
        }
        arena_free(a);
        return 0;
}
