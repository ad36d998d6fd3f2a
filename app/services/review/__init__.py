"""Organiser review of teams: the team state machine (confirm, reject, withdraw, reopen) and the dashboard's figures."""
