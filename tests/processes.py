"""Separate processes for race tests, started without importing the application anew each.

A "spawn" process imports Flask, peewee, Socket.IO and the app from scratch (a second or more
of CPU each, ten at a time in the concurrency tests); a "forkserver" process is forked from a
server that imported them once. Each is still its own process with its own connections, started
from a clean server rather than forked from the test process (no inherited connections).
"""

import multiprocessing


def race_context():
    """Return the multiprocessing context for the processes of a race test."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["app", "reception.cases.meetings", "reception.queue"])
    return context
