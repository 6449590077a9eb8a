/* fuzz-sshd: sshd_config text through the tokeniser, the Include/Match structure and the model. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "model/sshd.h"
#include "parse/sshd-syntax.h"
#include "shared/strutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct arena *a = arena_new();
        struct sshd_config *cfg = arena_alloc(a, sizeof(*cfg));
        sshd_config_parse(cfg, "/etc/ssh/sshd_config", (const char *)data, size, 0, -1, NULL, a);
        struct sshd_model *m = sshd_model_new(cfg, "/etc/ssh/sshd_config", a);
        for (size_t i = 0; sshd_keyword_at(i); i++) {
                struct setting_value v;
                sshd_effective(m, sshd_keyword_at(i), i % 2 == 0, a, &v);
        }
        arena_free(a);
        return 0;
}
