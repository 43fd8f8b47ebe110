"""Sign-in with a throttle on password guessing, per account and per network address.

Only failures count. While an account or an address has used up its failures in the window,
every attempt for it is refused before the password is checked, the right password too:
otherwise a guesser would still learn which password is right. A successful sign-in does not
wipe the failures, so a guesser who also knows one working account gains nothing by using it.

Counters live in Flask-Limiter's storage (reception.extensions.limiter): memory in one process,
Redis when several processes serve, so every process sees the same counts.
"""

import logging
import math
import time

from limits import RateLimitItem, parse

from reception.cases import audit
from reception.config import SignInLimits
from reception.errors import ReceptionError
from reception.extensions import limiter
from reception.models import User
from reception.users import authenticate

log = logging.getLogger(__name__)


def sign_in(username: str, password: str, address: str | None, limits: SignInLimits,
            hash_method: str) -> User:
    """Return the active user with these credentials, counting a failure against the throttle.

    limits: the failures allowed per account and per address (a moving window).
    hash_method: the configured password hash method (for the unknown user's dummy check).

    :raises ReceptionError: 429 "too_many_sign_ins" (params retry_after seconds, minutes) while
        the account or the address is locked out; 401 "bad_credentials" otherwise.
    """
    prefix = limits.key_prefix
    limits = _limits(limits, username, address)
    wait = _seconds_locked(limits, prefix)
    if wait:
        raise ReceptionError("too_many_sign_ins", 429, retry_after=wait,
                             minutes=math.ceil(wait / 60))
    try:
        return authenticate(username, password, hash_method)
    except ReceptionError as error:
        if error.code == "bad_credentials":
            _count_failure(limits, prefix, username, address)
        raise


def _account(username: str) -> str:
    # One counter however the name is typed: "Admin " and "admin" are the same guesser's target.
    return (username or "").strip().casefold()[:64]


def _limits(limits: SignInLimits, username: str, address: str | None
            ) -> list[tuple[str, RateLimitItem, str]]:
    """Return (scope, limit, identifier) for the account and the address of an attempt."""
    return [
        ("account", parse(limits.account), _account(username)),
        ("address", parse(limits.address), address or "-"),
    ]


def _seconds_locked(limits, prefix: str) -> int:
    """Return the seconds until every limit allows an attempt again (0: allowed now)."""
    wait = 0.0
    try:
        strategy = limiter.limiter
        for scope, item, identifier in limits:
            if not strategy.test(item, prefix, "login", scope, identifier):
                stats = strategy.get_window_stats(item, prefix, "login", scope, identifier)
                wait = max(wait, stats.reset_time - time.time(), 1.0)
    except Exception:  # the storage (Redis) is down: sign-in still works, unthrottled
        log.exception("sign-in throttle unavailable; not throttling")
        return 0
    return math.ceil(wait)


def _count_failure(limits, prefix: str, username: str, address: str | None) -> None:
    """Count a failed attempt; write one audit row when it starts a lockout."""
    try:
        strategy = limiter.limiter
        for scope, item, identifier in limits:
            counted = strategy.hit(item, prefix, "login", scope, identifier)
            stats = strategy.get_window_stats(item, prefix, "login", scope, identifier)
            if counted and stats.remaining <= 0:
                _audit_lockout(scope, item, identifier, username, address)
    except Exception:
        log.exception("sign-in throttle unavailable; failure not counted")


def _audit_lockout(scope: str, item: RateLimitItem, identifier: str, username: str,
                   address: str | None) -> None:
    detail = {"scope": scope, "failures": item.amount,
              "window_seconds": item.get_expiry(), "username": (username or "")[:64],
              "address": address or ""}
    if scope == "account":
        audit.log(None, "login.lockout", "user", identifier[:40], detail)
    else:
        audit.log(None, "login.lockout", "address", identifier[:40], detail)
