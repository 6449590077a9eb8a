/* modules: whether a kernel module can be loaded on the scanned node, through libkmod, confined to the root. */
#pragma once

#include <stdbool.h>

#include "io/rootfs.h"

struct modules;

struct module_state {
        bool loaded;
        bool builtin;
        char *path;     /* the module file for the running kernel, NULL when none */
        char *install;  /* the install command modprobe would run instead, or NULL */
        bool disabled;  /* that command is /bin/false or /bin/true */
        bool blacklisted;
        bool no_module_dir; /* ROOT/lib/modules/RELEASE does not exist */
};

/* Reads PROC/sys/kernel/osrelease and PROC/modules, ROOT/lib/modules/RELEASE
 * and ROOT's modprobe.d directories. -errno with *ret_error on failure. */
int modules_open(struct rootfs *root, struct rootfs *procfs, struct arena *a,
                 struct modules **ret, char **ret_error);
void modules_close(struct modules *m);
int modules_state(struct modules *m, const char *name, struct arena *a, struct module_state *ret,
                  char **ret_error);
const char *modules_release(const struct modules *m);
/* "usb-storage" and "usb_storage" are one module. */
char *modules_normalize(struct arena *a, const char *name);
