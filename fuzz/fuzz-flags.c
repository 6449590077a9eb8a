/* fuzz-flags: NUL-separated argv through the pflag and Go flag parsers. */
#include <stddef.h>
#include <stdint.h>

#include "parse/flags.h"
#include "proc/proc.h"
#include "shared/strutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static char *bools[] = {"anonymous-auth", "rotate-certificates"};
        static char *lists[] = {"tls-cipher-suites"};
        static char *maps[] = {"feature-gates"};
        static char *scalars[] = {"config", "read-only-port"};
        struct flag_spec spec = {bools, 2, lists, 1, maps, 1, scalars, 2, size % 2 == 1};
        struct arena *a = arena_new();
        char **argv;
        size_t argc = proc_split_cmdline(a, (const char *)data, size, &argv);
        struct flagset *fs = flags_parse(&spec, argv, argc, argc ? 1 : 0, a);
        const struct flag *f = flags_get(fs, "feature-gates");
        flag_map_get(f, "RotateKubeletServerCertificate");
        for (size_t i = 0; i < fs->n; i++)
                flag_map_get(fs->flags[i], "x");
        proc_argv_is(argv, argc, "kubelet");
        arena_free(a);
        return 0;
}
