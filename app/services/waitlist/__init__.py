"""The waiting list: joining a full church's queue, offering freed slots first come first served, expiring offers,
completing a registration through an offer's private link, and the organiser's removals and manual offers."""
