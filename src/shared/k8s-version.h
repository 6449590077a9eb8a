/* k8s-version: Kubernetes release strings — validity, tags, image references, minor numbers. */
#pragma once

#include <stdbool.h>

struct arena;

/* Valid for --k8s-version: 1.N or 1.N.M. */
bool k8s_version_valid(const char *s);
/* "v1.32.4-rc.1+abc" or "1.32" -> "1.32.4" / "1.32"; NULL when it is no release. */
char *k8s_version_of_tag(const char *tag, struct arena *a);
/* The X.Y[.Z] of a Kubernetes image tag ("registry.k8s.io/kube-apiserver:v1.32.4",
 * digest and suffixes such as "-rc.1" or "+k3s1" dropped), for the images of
 * Kubernetes' own components (a last path element kube-*); else NULL. */
char *k8s_version_of_image(const char *image, struct arena *a);
/* The minor version of "1.30.2" (30), or -1. */
int k8s_version_minor(const char *version);
