"""A limit on bookings per network address, loose enough for an office's shared public Wi-Fi.

Every booking attempt counts, made or refused. Counters live in reception.extensions.rate_limits,
shared through Redis when several processes serve.
"""

import logging

from reception.errors import RateLimited
from reception.extensions import rate_limits

log = logging.getLogger(__name__)


def count_booking(address: str | None, limit: str) -> None:
    """Count one booking attempt from an address.

    :param limit: RECEPTION_BOOKING_LIMIT_ADDRESS, e.g. "120 per minute" (at least 60 a minute
        must pass, issue 13); "" counts nothing.
    :raises RateLimited: rate_limited (param retry_after seconds) over the limit.
    """
    if not limit:
        return
    identifier = address or "-"
    try:
        allowed = rate_limits.hit(limit, "booking", identifier)
        if not allowed:
            wait = rate_limits.retry_after(limit, "booking", identifier)
    except Exception:  # the storage (Redis) is down: booking still works, unthrottled
        log.exception("booking limit unavailable; not limiting")
        return
    if not allowed:
        raise RateLimited("rate_limited", retry_after=wait)
