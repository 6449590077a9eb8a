/* sshd: OpenSSH's effective global settings — first value wins, Match all in place, compiled-in defaults. */
#pragma once

#include <stdbool.h>

#include "model/component.h"
#include "parse/sshd-syntax.h"

struct sshd_model {
        struct sshd_config *cfg;
        char *path;
};

/* Loads ROOT/etc/ssh/sshd_config and what it includes; every value of a
 * modelled keyword is validated (sshd refuses a bad value even on a later line). */
int sshd_model_load(struct rootfs *root, struct arena *a, struct sshd_model **ret);
/* The model of an already parsed configuration (validates it the same way). */
struct sshd_model *sshd_model_new(struct sshd_config *cfg, const char *path, struct arena *a);
bool sshd_keyword_modelled(const char *keyword);
/* The I-th modelled keyword, NULL past the end. */
const char *sshd_keyword_at(size_t i);
/* The value as `sshd -T` would print it (no connection given). With
 * OVERRIDES, DisableForwarding yes turns the forwarding options off, as sshd
 * does at run time although `sshd -T` still prints them as set. */
void sshd_effective(const struct sshd_model *m, const char *keyword, bool overrides,
                    struct arena *a, struct setting_value *ret);
/* Normalises one keyword's arguments; NULL with *ret_error on a value sshd refuses. */
char *sshd_normalize(const char *keyword, char *const *args, size_t n, struct arena *a,
                     char **ret_error);
