"""The submission lifecycle and data safety in the window: 上报, 审核, 退回修改, history, audit trail,
backups and restore, the damaged-database question at start, and one window per database."""
