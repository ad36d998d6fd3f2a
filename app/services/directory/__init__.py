"""What the public reads: church availability and the team directory, with a short-lived per-process cache."""
