/* privileges: libcap drop to read-only capabilities; bounding set before CAP_SETPCAP goes. */
#include "security/privileges.h"

#include <errno.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

static const cap_value_t keep[] = {CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE};

static bool kept(cap_value_t c)
{
        for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
                if (keep[i] == c)
                        return true;
        return false;
}

int privileges_drop(struct arena *a, struct privileges *ret)
{
        *ret = (struct privileges){.uid = (unsigned)geteuid()};
        int err = 0;
        cap_t cur = cap_get_proc();
        if (!cur)
                return -errno;
        cap_flag_value_t setpcap = CAP_CLEAR;
        cap_get_flag(cur, CAP_SETPCAP, CAP_EFFECTIVE, &setpcap);
        /* The kernel's count, not the headers': cap_max_bits() reads it at run time. */
        cap_value_t last = (cap_value_t)cap_max_bits() - 1;
        if (setpcap == CAP_SET)
                for (cap_value_t c = 0; c <= last; c++)
                        if (!kept(c) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL) {
                                err = -errno;
                                ret->error = arena_printf(a, "cannot drop capability %d from the bounding set: %s",
                                                          c, strerror(errno));
                                goto out;
                        }
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        cap_t want = cap_init();
        if (!want) {
                err = -errno;
                goto out;
        }
        for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
                cap_flag_value_t have = CAP_CLEAR;
                cap_get_flag(cur, keep[i], CAP_PERMITTED, &have);
                if (have == CAP_SET) {
                        cap_set_flag(want, CAP_PERMITTED, 1, &keep[i], CAP_SET);
                        cap_set_flag(want, CAP_EFFECTIVE, 1, &keep[i], CAP_SET);
                }
        }
        if (cap_set_proc(want) < 0) {
                err = -errno;
                ret->error = arena_printf(a, "cannot set capabilities: %s", strerror(errno));
        }
        cap_free(want);
        if (err == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
                err = -errno;
                ret->error = arena_printf(a, "cannot set no_new_privs: %s", strerror(errno));
        }
out:
        cap_free(cur);
        ret->no_new_privs = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
        cap_t now = cap_get_proc();
        char *text = now ? cap_to_text(now, NULL) : NULL;
        ret->capabilities = arena_strdup(a, text ? text : "?");
        cap_free(text);
        cap_free(now);
        return err;
}
