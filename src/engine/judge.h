/* judge: one result for one profile entry. */
#pragma once

struct node;
struct profile_entry;
struct result;

/* R for E on NODE: skipped where it does not apply, else the probe's
 * evidence judged with the entry's operator. */
void judge_entry(struct node *node, const struct profile_entry *e, struct result *r);
