"""The business rules, one package per domain: registration, review, status (the captain's status page), matches,
churches, directory, documents, mail, audit, backup, core."""
