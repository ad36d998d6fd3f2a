"""Business logic services for the ICCT26 app."""
