/* fleet: many nodes' nodeaudit/v1 reports merged into one view — scores, who fails what, and
 * which reports were not trusted. Every report is hostile: one that cannot be read is set aside
 * with the reason, one dated in the future never hides another, and several for one hostname
 * are flagged. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct arena;

/* A report file, or a line of standard input, larger than this is set aside unread. */
#define FLEET_MAX_REPORT (4u * 1024 * 1024)
/* Distinct hostnames; the reports of any more are set aside. */
#define FLEET_MAX_NODES 100000u
/* Bytes held for the reports that stand for their nodes; a report that would pass it is
 * set aside. */
#define FLEET_MAX_KEPT (256u * 1024 * 1024)
/* Set-aside reports listed (all are counted), and reports listed beside a node. */
#define FLEET_MAX_ASIDE_LISTED 1000u
#define FLEET_MAX_BESIDE 8u
/* How far past this host's clock a report's started_at may be before it is "in the future". */
#define FLEET_FUTURE_SLACK_S 300

/* A check that fails or errs in a report. */
struct fleet_failing {
        char *id, *number, *title;
        bool error;
};

struct fleet_report {
        char *hostname, *profile, *started_at, *source;
        time_t when;
        bool future; /* started_at is past this host's clock and the slack */
        double score;
        unsigned pass, fail, error;
        struct fleet_failing *failing;
        size_t n_failing;
        size_t size; /* bytes held */
};

/* A report of a node that does not stand for it. */
struct fleet_beside {
        char *source, *started_at;
        double score;
        bool future;
};

struct fleet_node {
        struct fleet_report *stands; /* the latest not dated in the future, else the latest */
        unsigned reports;            /* reports that name this node, this one too */
        bool future_beside;          /* one of the others is dated in the future */
        struct fleet_beside beside[FLEET_MAX_BESIDE];
        size_t n_beside; /* listed; reports - 1 - n_beside more were counted only */
};

struct fleet_check {
        const char *id, *number, *title;
        const struct fleet_node **nodes; /* worst first */
        size_t n_nodes;
        unsigned errors;
};

struct fleet_aside {
        char *source;
        unsigned line, column;
        char *reason;
};

/* What the writers print, built once the last report is in. */
struct fleet_summary {
        const struct fleet_node *const *nodes; /* worst first: lowest score, then hostname */
        size_t n_nodes;
        double mean;
        const struct fleet_check *checks; /* failing on most nodes first, then by id */
        size_t n_checks;
        const struct fleet_aside *aside; /* in the order they came */
        size_t n_aside_listed, n_aside;
        size_t n_flagged; /* nodes with a duplicate hostname or a date in the future */
        unsigned long reports;  /* reports seen, set aside or not */
};

/* A fleet whose reports dated after NOW + FLEET_FUTURE_SLACK_S are in the future. */
struct fleet *fleet_new(struct arena *a, time_t now);
void fleet_free(struct fleet *fl);
/* Adds one report, LEN bytes of JSON text at TEXT (which need not end in NUL); NAME
 * names it ("file", "stdin:12"). 0 when it merged; -EINVAL when it was set aside, with
 * the reason. */
int fleet_add(struct fleet *fl, const char *text, size_t len, const char *name);
/* Sets a report aside that could not be read, saying why. */
void fleet_set_aside(struct fleet *fl, const char *name, unsigned line, unsigned column,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
size_t fleet_nodes(const struct fleet *fl);
/* The merged view; valid until the next fleet_add or fleet_free. */
const struct fleet_summary *fleet_summarize(struct fleet *fl);
/* A node's flags, for the writers: "duplicate_hostname", "future_started_at" (the report
 * that stands is dated in the future), "future_report_set_beside"; NULL past the last. */
const char *fleet_node_flag(const struct fleet_node *n, size_t i);
