/* k8s-version: Kubernetes release strings, one implementation for the whole program. */
#include "shared/k8s-version.h"

#include <string.h>

#include "shared/arena.h"

static size_t digits(const char *s)
{
        size_t n = 0;
        while (s[n] >= '0' && s[n] <= '9')
                n++;
        return n;
}

bool k8s_version_valid(const char *s)
{
        if (strncmp(s, "1.", 2) != 0 || digits(s + 2) == 0 || digits(s + 2) > 3)
                return false;
        s += 2 + digits(s + 2);
        if (*s == '.') {
                if (digits(s + 1) == 0 || digits(s + 1) > 4)
                        return false;
                s += 1 + digits(s + 1);
        }
        return *s == '\0';
}

/* "v1.32.4-rc.1+abc" or "1.32" -> "1.32.4" / "1.32"; NULL when it is no release. */
char *k8s_version_of_tag(const char *tag, struct arena *a)
{
        if (*tag == 'v')
                tag++;
        size_t n = 0;
        if (strncmp(tag, "1.", 2) != 0 || !digits(tag + 2))
                return NULL;
        n = 2 + digits(tag + 2);
        if (tag[n] == '.' && digits(tag + n + 1))
                n += 1 + digits(tag + n + 1);
        if (tag[n] && tag[n] != '-' && tag[n] != '+' && tag[n] != '_')
                return NULL;
        char *v = arena_strndup(a, tag, n);
        return k8s_version_valid(v) ? v : NULL;
}

char *k8s_version_of_image(const char *image, struct arena *a)
{
        char *img = arena_strndup(a, image, strcspn(image, "@")); /* no digest */
        char *name = strrchr(img, '/');
        name = name ? name + 1 : img;
        char *colon = strchr(name, ':');
        if (!colon || strncmp(name, "kube-", 5) != 0)
                return NULL;
        return k8s_version_of_tag(colon + 1, a);
}

int k8s_version_minor(const char *version)
{
        if (!version || strncmp(version, "1.", 2) != 0 || !digits(version + 2))
                return -1;
        int m = 0;
        for (const char *p = version + 2; *p >= '0' && *p <= '9'; p++)
                m = m * 10 + (*p - '0');
        return m;
}
