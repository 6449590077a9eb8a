/* probe: the ways evidence is collected for a check. */
#pragma once

struct node;
struct profile_entry;
struct result;

/* The certificate probe (model/certs.c). */
void probe_certificate(struct node *node, const struct profile_entry *e, struct result *r);
/* The process allowlist probe (defs/allowlist.c). */
void probe_processes(struct node *node, const struct profile_entry *e, struct result *r);
/* The listening-socket probe (probes/listening.c). */
void probe_listening(struct node *node, const struct profile_entry *e, struct result *r);
/* One result for one entry (the probe dispatch). */
void probe_eval(struct node *node, const struct profile_entry *e, struct result *r);
