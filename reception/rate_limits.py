"""Attempt counters in a moving window: failed sign-ins, bookings and petitions per address.

The counters live in memory in one process, or in Redis when several processes serve (every
process must see the same counts). They are counted by the services that need them; no
request pays for a check it does not need (Flask-Limiter checked every request, 0.3–0.5 ms of
CPU each, only to hold this storage).
"""

import math
import time

from limits import RateLimitItem, parse, storage, strategies

STRATEGIES = {
    "moving-window": strategies.MovingWindowRateLimiter,
    "fixed-window": strategies.FixedWindowRateLimiter,
    "sliding-window-counter": strategies.SlidingWindowCounterRateLimiter,
}


class RateLimits:
    """One storage of attempt counters, bound once by the application (configure)."""

    def __init__(self):
        self.prefix = "reception"
        self._strategy = None

    def configure(self, storage_uri: str, strategy: str = "moving-window",
                  prefix: str = "reception") -> None:
        """Bind to a storage ("memory://", "redis://host:6379/0") and a window strategy."""
        self._strategy = STRATEGIES[strategy](storage.storage_from_string(storage_uri))
        self.prefix = prefix or "reception"

    def hit(self, limit: str | RateLimitItem, *key: str) -> bool:
        """Count one attempt under key; tell whether it was within the limit.

        :raises Exception: whatever the storage raises when it is unreachable (Redis down).
        """
        return self._bound().hit(_item(limit), self.prefix, *key)

    def allows(self, limit: str | RateLimitItem, *key: str) -> bool:
        """Tell whether one more attempt under key would be within the limit (counts nothing)."""
        return self._bound().test(_item(limit), self.prefix, *key)

    def remaining(self, limit: str | RateLimitItem, *key: str) -> int:
        """Return how many attempts under key the window still allows."""
        return self._bound().get_window_stats(_item(limit), self.prefix, *key).remaining

    def retry_after(self, limit: str | RateLimitItem, *key: str) -> int:
        """Return the whole seconds until key may try again (at least 1)."""
        stats = self._bound().get_window_stats(_item(limit), self.prefix, *key)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def _bound(self):
        if self._strategy is None:
            raise RuntimeError("rate limits are not configured (app.create_app binds them)")
        return self._strategy


def _item(limit: str | RateLimitItem) -> RateLimitItem:
    return parse(limit) if isinstance(limit, str) else limit
