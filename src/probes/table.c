/* table: the fixed table of probes, indexed by the id a check file names. */
#include "probes/table.h"


/* Each defined in its own file. */
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

static const struct probe_ops *const table[_PROBE_MAX] = {
        [PROBE_SETTING] = &probe_setting_ops,
        [PROBE_FILE_MODE] = &probe_file_mode_ops,
        [PROBE_FILE_OWNER] = &probe_file_owner_ops,
        [PROBE_MANUAL] = &probe_manual_ops,
        [PROBE_ENCRYPTION] = &probe_encryption_ops,
        [PROBE_AUDIT_POLICY] = &probe_audit_policy_ops,
        [PROBE_SSHD_OPTION] = &probe_sshd_option_ops,
        [PROBE_SSHD_VALID] = &probe_sshd_valid_ops,
        [PROBE_SYSCTL] = &probe_sysctl_ops,
        [PROBE_FILE_CONTENT] = &probe_file_content_ops,
        [PROBE_MODULE] = &probe_module_ops,
        [PROBE_UNIT] = &probe_unit_ops,
        [PROBE_CERT] = &probe_certificate_ops,
        [PROBE_LISTEN] = &probe_listening_ops,
        [PROBE_PROCESSES] = &probe_processes_ops,
};

const struct probe_ops *probe_ops(enum probe_id id)
{
        return id >= 0 && id < _PROBE_MAX ? table[id] : NULL;
}
