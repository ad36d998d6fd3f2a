"""The in-process waiting-list sweeper: offers past their deadline pass to the next team in line every
WAITLIST_SWEEP_SECONDS, whether or not this process sends mail.

Several processes may each run one: `expire_offers` works church by church under the church row's lock and
closes only offers still open, so two sweeps never expire or offer the same entry twice.
"""
from ..core.periodic import PeriodicWork
from .offers import expire_offers

EXTENSION = "waitlist_sweeper"


def start_waitlist_sweeper(app):
    """Start the sweeper thread when WAITLIST_SWEEP_SECONDS is above 0; return it or None."""
    interval = float(app.config.get("WAITLIST_SWEEP_SECONDS") or 0)
    if interval <= 0:
        return None
    sweeper = app.extensions[EXTENSION] = PeriodicWork(app, "waitlist-sweeper", interval, expire_offers,
                                                       "waitlist.sweep_failed")
    sweeper.start()
    return sweeper
