/* distro: the node's distribution as it runs (see defs/distribution.h for its definition). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct component;
struct component_spec;
struct distro;
struct node;

/* The distribution the node runs: a process of one first (any distribution),
 * then files, in order. *RET_EVIDENCE says what was seen. NULL: none known. */
const struct distro *distro_detect(struct node *node, struct distro *const *all, size_t n,
                                   char **ret_evidence);

/* SPEC as it runs on D inside D's host processes: one instance a host
 * process that runs it (a host whose command line cannot be read is a
 * broken instance), labelled with the host's pid. 0 when D does not embed
 * it, or no host runs it (not running, or running in another mode). */
size_t distro_embedded(struct node *node, const struct distro *d,
                       const struct component_spec *spec, struct component ***ret);

/* The role its embedded components give the node: control-plane when D's
 * host process runs an API server, worker when it runs a kubelet; else NULL. */
const char *distro_role(struct node *node, const struct distro *d);
