"""Test support: real servers on loopback and database helpers."""
