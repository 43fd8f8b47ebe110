"""Case files: meeting records, visitors, cases, deadlines, the logbook, statistics and audit.

Services here own their transactions (reception.database.write_transaction); record_meeting
alone runs inside its caller's transaction so that closing a ticket and recording the
meeting commit together.
"""
