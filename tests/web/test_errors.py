"""Each kind of domain error answers the HTTP status the API gave it when errors carried one."""

import pytest

from api.errors import reception_error
from reception import errors
from reception.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    NotSignedIn,
    RateLimited,
    ReceptionError,
    TooLarge,
    Unavailable,
    UnsupportedType,
)
from web.errors import STATUS_OF, status_of

# A code each kind was raised with before, and the status that raise carried.
ANSWERED_BEFORE = [
    (Invalid, "invalid_party_size", {"maximum": 20}, 400),
    (NotSignedIn, "bad_credentials", {}, 401),
    (Forbidden, "identity_protected", {}, 403),
    (NotFound, "not_found", {"what": "phiếu"}, 404),
    (Conflict, "duplicate", {"what": "Máy in", "value": "Quầy 1"}, 409),
    (TooLarge, "file_too_large", {"name": "don.pdf", "limit": "10 MB"}, 413),
    (UnsupportedType, "json_required", {}, 415),
    (RateLimited, "rate_limited", {"retry_after": 30}, 429),
    (Unavailable, "print_failed", {"number": "001", "reason": "hết giấy"}, 502),
]


@pytest.mark.parametrize(("kind", "code", "params", "status"), ANSWERED_BEFORE)
def test_the_api_answers_each_kind_with_its_old_status(app, kind, code, params, status):
    with app.test_request_context("/api/tickets"):
        response, answered = reception_error(kind(code, **params))
    assert (status_of(kind(code, **params)), answered) == (status, status)
    assert response.get_json()["error"]["code"] == code


def test_every_kind_has_a_status_and_the_base_cannot_be_raised():
    kinds = {value for value in vars(errors).values() if isinstance(value, type)
             and issubclass(value, ReceptionError) and value is not ReceptionError}
    assert kinds == set(STATUS_OF) == {kind for kind, *_ in ANSWERED_BEFORE}
    with pytest.raises(TypeError):
        ReceptionError("not_found", what="phiếu")


def test_a_rate_limit_keeps_its_retry_after_header(app):
    with app.test_request_context("/api/tickets"):
        response, status = reception_error(RateLimited("rate_limited", retry_after=30))
    assert (status, response.headers["Retry-After"]) == (429, "30")
