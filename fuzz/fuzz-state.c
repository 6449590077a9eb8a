/* fuzz-state: the node-state parsers — the kernel's TCP tables (both
 * families), the baseline file, the process allowlist — and certificates and
 * keys through libcrypto, on one input. */
#include <stddef.h>
#include <stdint.h>

#include "defs/allowlist.h"
#include "baseline/baseline.h"
#include "model/crypto.h"
#include "parse/nettcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct arena *a = arena_new();
        const char *text = (const char *)data;
        struct tcp_socket *socks;
        size_t n;
        unsigned line;
        char *why;
        for (int v6 = 0; v6 < 2; v6++)
                if (nettcp_parse(text, size, v6, a, &socks, &n, &line, &why) == 0)
                        for (size_t i = 0; i < n; i++)
                                nettcp_endpoint(&socks[i], a);
        struct diag d = {0};
        struct baseline *b;
        if (baseline_parse(text, size, "fuzz", a, &b, &d) == 0)
                baseline_compare(b, b, NULL, a);
        struct allowlist *l;
        if (allowlist_parse(text, size, "fuzz", a, &l, &d) == 0)
                allowlist_match(l, "/usr/bin/kubelet", "kubelet", "worker");
        struct cert_info *certs;
        if (crypto_read_certs(text, size, a, &certs, &n, &why) == 0) {
                bool match;
                crypto_key_matches(text, size, text, size, a, &match, &why);
        }
        arena_free(a);
        return 0;
}
