"""Booking a leader's reception session: bookable sessions, appointments, kiosk check-in.

A bookable session is one occurrence of a LeaderReception rule (reception.schedule) on one
day with a capacity. Its stable id is "<rule id>-<YYYYMMDD>" whether or not a row exists yet:
the row (SessionDay) is created on the first booking, on a change or on cancellation.
"""
