"""Benchmarks: load driver, bare baseline, seeding and the runner that writes bench/README.md."""
