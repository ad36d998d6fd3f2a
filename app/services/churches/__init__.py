"""Churches: the seeded list, name rules and slot limits."""
