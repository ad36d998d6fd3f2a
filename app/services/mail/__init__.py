"""Email: the outbox written in the change's own transaction, rendering, and the SMTP sender."""
