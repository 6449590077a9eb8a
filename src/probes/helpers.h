/* helpers: what several probes do the same way — errors, reasons, the component a check needs. */
#pragma once

struct arena;
struct check;
struct component;
struct node;
struct result;
struct sshd_model;

void probe_error(struct result *r, struct arena *a, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void probe_add_reason(struct result *r, struct arena *a, const char *text);
/* The component a check needs, or NULL with a skip or error result when it
 * is not usable (absent, or running with an unreadable command line). */
struct component *probe_need_component(struct node *node, const struct check *c, struct result *r);
/* sshd's effective configuration, or NULL with a skip (no sshd_config) or an
 * error result. */
struct sshd_model *probe_need_sshd(struct node *node, struct result *r);
