"""Crowd safety: the head count in the hall, walk-in delegations, alerts and their history."""
