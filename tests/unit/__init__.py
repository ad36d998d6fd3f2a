"""Unit tests for pure-Python service modules."""
