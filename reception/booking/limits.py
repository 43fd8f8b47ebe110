"""A limit on bookings per network address, loose enough for an office's shared public Wi-Fi.

Every booking attempt counts, made or refused. Counters live in Flask-Limiter's storage
(reception.extensions.limiter), shared through Redis when several processes serve.
"""

import logging
import math
import time

from limits import parse

from reception.errors import RateLimited
from reception.extensions import limiter

log = logging.getLogger(__name__)

# Set from RECEPTION_BOOKING_LIMIT_ADDRESS; at least 60 a minute must pass (issue 13).
ADDRESS_LIMIT = "120 per minute"
KEY_PREFIX = "reception"


def count_booking(address: str | None) -> None:
    """Count one booking attempt from an address.

    :raises RateLimited: rate_limited (param retry_after seconds) over the limit.
    """
    if not ADDRESS_LIMIT:
        return
    item = parse(ADDRESS_LIMIT)
    identifier = address or "-"
    try:
        strategy = limiter.limiter
        allowed = strategy.hit(item, KEY_PREFIX, "booking", identifier)
        if not allowed:
            stats = strategy.get_window_stats(item, KEY_PREFIX, "booking", identifier)
            wait = math.ceil(max(stats.reset_time - time.time(), 1.0))
    except Exception:  # the storage (Redis) is down: booking still works, unthrottled
        log.exception("booking limit unavailable; not limiting")
        return
    if not allowed:
        raise RateLimited("rate_limited", retry_after=wait)
