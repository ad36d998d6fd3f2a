"""Registration drafts: a captain's documents uploaded one by one under a secret token, handed to the team by the
final submit in the registration's own transaction, and swept once the draft expires."""
