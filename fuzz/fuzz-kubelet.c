/* fuzz-kubelet: a config document merged with flags under the shipped kubelet model, every setting read. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "defs/catalog.h"
#include "model/component.h"
#include "shared/strutil.h"
#include "shipped.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct component_spec *kubelet(void)
{
        return catalog_component(fuzz_shipped_catalog(), "kubelet");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const struct component_spec *spec = kubelet();
        /* input: config document, a NUL, then NUL-separated flags */
        const uint8_t *nul = memchr(data, 0, size);
        size_t doc_len = nul ? (size_t)(nul - data) : size;
        struct arena *a = arena_new();
        struct component c = {.spec = spec, .state = COMPONENT_RUNNING, .cwd = "/var/lib/kubelet"};
        char **argv;
        size_t rest = nul ? size - doc_len - 1 : 0;
        char *flags = arena_alloc(a, rest + 32);
        memcpy(flags, "kubelet", 8);
        if (rest)
                memcpy(flags + 8, nul + 1, rest);
        c.argc = proc_split_cmdline(a, flags, rest + 8, &argv);
        c.argv = argv;
        c.flags = flags_parse(&spec->flags, argv, c.argc, 1, a);
        struct config_doc doc = {.path = "/var/lib/kubelet/config.yaml"};
        struct diag d = {0};
        if (ydoc_parse((const char *)data, doc_len, doc.path, a, &doc.root, &d) == 0 &&
            doc.root->type == YNODE_MAP)
                c.config = &doc;
        for (size_t i = 0; i < spec->n_settings; i++) {
                struct setting_value v;
                component_setting(&c, spec->settings[i], a, &v);
                char *path, *why;
                if (v.has_value && v.value.norm)
                        component_resolve_path(&c, v.value.norm, a, &path, &why);
        }
        arena_free(a);
        return 0;
}
