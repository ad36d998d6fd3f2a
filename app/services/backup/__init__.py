"""Backup and restore: one zip archive holding a portable dump of every table, read in one snapshot, and the
bytes of every stored document that dump names; restored into an empty or freshly set-up install."""
