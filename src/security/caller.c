/* caller: the caller's rights for the caller's paths, through libcap and setfsuid. */
#include "security/caller.h"

#include <stddef.h>
#include <sys/capability.h>
#include <sys/fsuid.h>
#include <unistd.h>

static int elevated = -1;
static int depth;
static cap_t saved;

bool caller_elevated(void)
{
        if (elevated >= 0)
                return elevated;
        elevated = 0;
        if (getuid() == 0)
                return false; /* root asked for root's rights */
        if (geteuid() != getuid() || getegid() != getgid()) {
                elevated = 1;
                return true;
        }
        cap_t c = cap_get_proc();
        if (c) {
                for (cap_value_t v = 0; v < (cap_value_t)cap_max_bits() && !elevated; v++) {
                        cap_flag_value_t f = CAP_CLEAR;
                        if (cap_get_flag(c, v, CAP_PERMITTED, &f) == 0 && f == CAP_SET)
                                elevated = 1;
                }
                cap_free(c);
        }
        return elevated;
}

void caller_begin(void)
{
        if (!caller_elevated() || depth++ > 0)
                return;
        saved = cap_get_proc();
        cap_t lowered = cap_get_proc();
        if (lowered) {
                cap_clear_flag(lowered, CAP_EFFECTIVE);
                cap_set_proc(lowered);
                cap_free(lowered);
        }
        setfsuid(getuid());
        setfsgid(getgid());
}

void caller_end(void)
{
        if (!caller_elevated() || --depth > 0)
                return;
        setfsuid(geteuid());
        setfsgid(getegid());
        if (saved) {
                cap_set_proc(saved);
                cap_free(saved);
                saved = NULL;
        }
}
