"""Team registration: parsing and validating a submission, idempotency, uploads before one short transaction, gapless codes."""
