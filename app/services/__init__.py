"""The business rules, one package per domain: registration, review, matches, churches, directory, documents, mail,
audit, backup, core."""
