"""The captain's status page: private links (issued, sealed into emails, revoked) and problem-document replacement."""
