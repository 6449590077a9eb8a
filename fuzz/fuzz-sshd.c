/* fuzz-sshd: sshd_config text through the tokeniser, the Include/Match structure and the model. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "model/sshd.h"
#include "shared/strutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct rootfs *empty_root(void)
{
        static struct rootfs *r;
        static char dir[] = "/tmp/nodeaudit-fuzz-sshd-XXXXXX";
        if (!r && mkdtemp(dir) && rootfs_open(dir, &r) < 0)
                r = NULL;
        return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct rootfs *root = empty_root();
        if (!root)
                return 0;
        struct arena *a = arena_new();
        struct sshd_config *cfg = arena_alloc(a, sizeof(*cfg));
        sshd_config_parse(root, cfg, "/etc/ssh/sshd_config", (const char *)data, size, 0, -1, a);
        struct sshd_model *m = sshd_model_new(cfg, "/etc/ssh/sshd_config", a);
        for (size_t i = 0; sshd_keyword_at(i); i++) {
                struct setting_value v;
                sshd_effective(m, sshd_keyword_at(i), i % 2 == 0, a, &v);
        }
        arena_free(a);
        return 0;
}
