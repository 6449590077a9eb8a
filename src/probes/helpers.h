/* helpers: what several probes do the same way — errors, reasons, the component a check needs. */
#pragma once

#include <stdbool.h>

struct arena;
struct check;
struct component;
struct evidence;
struct profile_entry;
struct node;
struct result;
struct sshd_model;

void probe_error(struct result *r, struct arena *a, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void probe_add_reason(struct result *r, struct arena *a, const char *text);
/* The component a check needs, or NULL with a skip or error result when it
 * is not usable (absent, or running with an unreadable command line). */
struct component *probe_need_component(struct node *node, const struct check *c, struct result *r);
/* What a probe collects for one instance of a component. */
typedef void probe_instance_fn(struct node *node, const struct profile_entry *e,
                               struct component *comp, struct result *r, struct evidence *ret);
/* For a check whose component runs more than once: ONE collects for each
 * running instance into an evidence of its own (an instance whose command
 * line cannot be read is an error of its own), and true is returned, the
 * engine judging each and keeping the worst. False when it runs once (or not
 * at all): the probe collects as for a single component. */
bool probe_each_instance(struct node *node, const struct profile_entry *e, struct result *r,
                         struct evidence *ret, probe_instance_fn *one);
/* sshd's effective configuration, or NULL with a skip (no sshd_config) or an
 * error result. */
struct sshd_model *probe_need_sshd(struct node *node, struct result *r);
