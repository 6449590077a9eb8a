/* localfs: reading the scanner's own files, with a diagnostic naming the file. */
#include "io/localfs.h"

#include "io/rootfs.h"
#include "parse/diag.h"

int localfs_read(const char *path, size_t max, struct arena *a, char **ret, size_t *ret_len,
                 struct diag *d)
{
        int err = local_read_file(path, max, a, ret, ret_len);
        if (err < 0)
                diag_set(d, path, 0, 0, "%s", rootfs_strerror(err));
        return err;
}
