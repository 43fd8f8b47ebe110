"""Sign-in with a throttle on password guessing, per account and per network address.

Only failures count. While an account or an address has used up its failures in the window,
every attempt for it is refused before the password is checked, the right password too:
otherwise a guesser would still learn which password is right. A successful sign-in does not
wipe the failures, so a guesser who also knows one working account gains nothing by using it.

Counters live in reception.extensions.rate_limits: memory in one process, Redis when several
processes serve, so every process sees the same counts.
"""

import logging
import math

from limits import RateLimitItem, parse

from reception.cases import audit
from reception.config import SignInLimits
from reception.errors import RateLimited, ReceptionError
from reception.extensions import rate_limits
from reception.models import User
from reception.users import authenticate

log = logging.getLogger(__name__)


def sign_in(username: str, password: str, address: str | None, limits: SignInLimits,
            hash_method: str) -> User:
    """Return the active user with these credentials, counting a failure against the throttle.

    limits: the failures allowed per account and per address (a moving window).
    hash_method: the configured password hash method (for the unknown user's dummy check).

    :raises ReceptionError: RateLimited "too_many_sign_ins" (params retry_after seconds,
        minutes) while the account or the address is locked out; NotSignedIn
        "bad_credentials" otherwise.
    """
    limits = _limits(limits, username, address)
    wait = _seconds_locked(limits)
    if wait:
        raise RateLimited("too_many_sign_ins", retry_after=wait,
                          minutes=math.ceil(wait / 60))
    try:
        return authenticate(username, password, hash_method)
    except ReceptionError as error:
        if error.code == "bad_credentials":
            _count_failure(limits, username, address)
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


def _seconds_locked(limits) -> int:
    """Return the seconds until every limit allows an attempt again (0: allowed now)."""
    wait = 0
    try:
        for scope, item, identifier in limits:
            if not rate_limits.allows(item, "login", scope, identifier):
                wait = max(wait, rate_limits.retry_after(item, "login", scope, identifier))
    except Exception:  # the storage (Redis) is down: sign-in still works, unthrottled
        log.exception("sign-in throttle unavailable; not throttling")
        return 0
    return wait


def _count_failure(limits, username: str, address: str | None) -> None:
    """Count a failed attempt; write one audit row when it starts a lockout."""
    try:
        for scope, item, identifier in limits:
            counted = rate_limits.hit(item, "login", scope, identifier)
            if counted and rate_limits.remaining(item, "login", scope, identifier) <= 0:
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
