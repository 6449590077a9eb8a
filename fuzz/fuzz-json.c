/* fuzz-json: any bytes through the JSON string writer; the output must stay valid. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = malloc(size + 1);
        if (!s)
                return 0;
        memcpy(s, data, size);
        s[size] = '\0';
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        json_put_string(f, s);
        fclose(f);
        /* quotes at both ends, nothing below 0x20 inside */
        if (len < 2 || out[0] != '"' || out[len - 1] != '"')
                abort();
        for (size_t i = 0; i < len; i++)
                if ((unsigned char)out[i] < 0x20)
                        abort();
        free(out);
        free(s);
        return 0;
}
