"""Cross-domain plumbing: transactions with retries, resilience (breaker and retry), first-run setup and the tournament row."""
