/* table: the probes table.c lists (one object a probe file), and the lookup by id. */
#pragma once

#include "probes/probe.h"

extern const struct probe_ops probe_setting_ops;
extern const struct probe_ops probe_file_mode_ops;
extern const struct probe_ops probe_file_owner_ops;
extern const struct probe_ops probe_manual_ops;
extern const struct probe_ops probe_encryption_ops;
extern const struct probe_ops probe_audit_policy_ops;
extern const struct probe_ops probe_sshd_option_ops;
extern const struct probe_ops probe_sshd_valid_ops;
extern const struct probe_ops probe_sysctl_ops;
extern const struct probe_ops probe_file_content_ops;
extern const struct probe_ops probe_module_ops;
extern const struct probe_ops probe_unit_ops;
extern const struct probe_ops probe_certificate_ops;
extern const struct probe_ops probe_listening_ops;
extern const struct probe_ops probe_processes_ops;

/* The probe of ID (never NULL for a valid id). */
const struct probe_ops *probe_ops(enum probe_id id);
