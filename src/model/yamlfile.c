/* yamlfile: a document of the node, read confined to its root and parsed. */
#include "model/yamlfile.h"

#include <errno.h>

#include "io/rootfs.h"
#include "shared/diag.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

int yaml_file_read(struct rootfs *root, const char *path, size_t max, bool want_map,
                   struct arena *a, struct ynode **ret, char **ret_error)
{
        char *buf;
        size_t len;
        int err = rootfs_read_file(root, path, max, a, &buf, &len);
        if (err < 0) {
                *ret_error = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
                return err;
        }
        struct ynode *doc;
        struct diag d = {0};
        if (ydoc_parse(buf, len, path, a, &doc, &d) < 0) {
                char msg[1200];
                diag_format(&d, msg, sizeof(msg));
                *ret_error = arena_strdup(a, msg);
                return -EBADMSG;
        }
        if (want_map && doc->type != YNODE_MAP) {
                *ret_error = arena_printf(a, "%s:%u: expected a mapping, found %s", path, doc->line,
                                          ynode_type_name(doc));
                return -EBADMSG;
        }
        *ret = doc;
        return 0;
}
