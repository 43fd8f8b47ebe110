"""A limit on bookings per network address, loose enough for an office's shared public Wi-Fi.

Every booking attempt counts, made or refused. Counters live in Flask-Limiter's storage
(reception.extensions.limiter), shared through Redis when several processes serve.
"""

import logging
import math
import time

from limits import parse

from reception.errors import ReceptionError
from reception.extensions import limiter

log = logging.getLogger(__name__)


def count_booking(address: str | None, limit: str, key_prefix: str) -> None:
    """Count one booking attempt from an address.

    :param limit: RECEPTION_BOOKING_LIMIT_ADDRESS, e.g. "120 per minute" (at least 60 a minute
        must pass, issue 13); "" counts nothing.
    :param key_prefix: RECEPTION_RATELIMIT_KEY_PREFIX, the counters' namespace.
    :raises ReceptionError: 429 rate_limited (param retry_after seconds) over the limit.
    """
    if not limit:
        return
    item = parse(limit)
    identifier = address or "-"
    try:
        strategy = limiter.limiter
        allowed = strategy.hit(item, key_prefix, "booking", identifier)
        if not allowed:
            stats = strategy.get_window_stats(item, key_prefix, "booking", identifier)
            wait = math.ceil(max(stats.reset_time - time.time(), 1.0))
    except Exception:  # the storage (Redis) is down: booking still works, unthrottled
        log.exception("booking limit unavailable; not limiting")
        return
    if not allowed:
        raise ReceptionError("rate_limited", 429, retry_after=wait)
