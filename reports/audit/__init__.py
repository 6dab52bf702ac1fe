"""Reading the audit log (``tasks.audit``): search and export (.xlsx), for the 审计员 only."""
