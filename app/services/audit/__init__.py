"""Audit and exports: the dotted event vocabulary written to the audit table, logs and metrics; list exports."""
