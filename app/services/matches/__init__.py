"""Matches: scheduling fixtures, the match workflow, scoring rules, result sentences and standings."""
