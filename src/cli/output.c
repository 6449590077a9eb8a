/* output: the temporary file beside a target, its atomic rename, its removal on failure. */
#include "cli/output.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "security/caller.h"

struct output {
        char *path;
        char *tmp;
        FILE *f;
        mode_t mode;
};

static void output_free(struct output *o)
{
        free(o->path);
        free(o->tmp);
        free(o);
}

/* "DIR/.BASE.XXXXXX" for PATH "DIR/BASE", malloc'd. */
static int temporary_name(const char *path, char **ret)
{
        char *dir_copy = strdup(path), *base_copy = strdup(path);
        char *tmp = NULL;
        int err = 0;
        if (!dir_copy || !base_copy ||
            asprintf(&tmp, "%s/.%s.XXXXXX", dirname(dir_copy), basename(base_copy)) < 0) {
                tmp = NULL;
                err = -ENOMEM;
        }
        free(dir_copy);
        free(base_copy);
        if (err == 0)
                *ret = tmp;
        return err;
}

int output_open(const char *path, mode_t mode, struct output **ret)
{
        struct output *o = calloc(1, sizeof(*o));
        if (!o)
                return -ENOMEM;
        o->mode = mode;
        o->path = strdup(path);
        int err = o->path ? temporary_name(path, &o->tmp) : -ENOMEM;
        if (err < 0) {
                output_free(o);
                return err;
        }
        caller_begin(); /* the caller's file, made with the caller's rights */
        int fd = mkostemp(o->tmp, O_CLOEXEC);
        caller_end();
        if (fd < 0) {
                err = -errno;
                output_free(o);
                return err;
        }
        o->f = fdopen(fd, "w");
        if (!o->f) {
                err = -errno;
                close(fd);
                unlink(o->tmp);
                output_free(o);
                return err;
        }
        *ret = o;
        return 0;
}

FILE *output_file(const struct output *o)
{
        return o->f;
}

int output_commit(struct output *o)
{
        int err = 0;
        int fd = fileno(o->f);
        if (fchmod(fd, o->mode) < 0 || fflush(o->f) != 0 || fsync(fd) < 0)
                err = -errno;
        if (ferror(o->f) && err == 0)
                err = -EIO;
        if (fclose(o->f) != 0 && err == 0)
                err = -errno;
        caller_begin();
        if (err == 0 && rename(o->tmp, o->path) < 0)
                err = -errno;
        if (err < 0)
                unlink(o->tmp);
        caller_end();
        output_free(o);
        return err;
}

void output_discard(struct output *o)
{
        if (!o)
                return;
        fclose(o->f);
        caller_begin();
        unlink(o->tmp);
        caller_end();
        output_free(o);
}
