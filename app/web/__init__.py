"""Cross-cutting web behaviour: request ids, error handling, health checks."""
