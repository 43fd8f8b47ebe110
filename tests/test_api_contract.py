"""Issue 10: the OpenAPI document is true. schemathesis generates requests from
/api/v1/openapi.json, sends them to the application anonymously and as an officer, and checks
every answer: no server error, a documented status code, a body matching the documented schema,
valid requests accepted and invalid ones refused.

Bounded for `make test`: a fixed number of examples per operation, derandomized (the same
requests every run).
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from reception.config import Settings
from reception.database import connection
from reception.users import create_user, issue_token

EXAMPLES = 20
# Requests whose validity JSON Schema cannot state, so a schema-valid one may rightly be refused
# (400) and the "valid data is accepted" check does not apply; every other check does:
RULES_BEYOND_THE_SCHEMA = {
    # A chip ID card's QR text: real dates, a province code, a check on the fields together.
    "POST /identity/qr", "GET /visitors", "POST /tickets",
    # A meeting record: who the visitor is may be given by a card, a name and address, or an
    # ID number (Luật Tiếp công dân Điều 7.2); a refusal needs its reason; fields agree.
    "POST /visits", "POST /tickets/{ticket_id}/finish",
    # Dates measured against today (a case is not accepted in the future).
    "PATCH /cases/{case_id}",
    # `from` and `to` go together and `to` is not before `from`.
    "GET /visits", "GET /audit",
    # How many representatives a delegation may appoint depends on its size (Luật TCD Điều 29).
    "POST /crowd/walk-ins", "PATCH /crowd/walk-ins/{walk_in_id}",
    # A petition's files are checked by content (PDF/JPEG/PNG magic bytes), its ID number by
    # province and century digits, its service against today's list.
    "POST /petitions",
    # Booking: a session id names a leader's session on a day, a phone is Vietnamese, an ID
    # number has a province code, dates are measured against today.
    "POST /appointments", "GET /sessions", "POST /sessions",
}


def check_operation(operation, headers) -> None:
    """Send one operation's generated requests (valid and invalid) and check each answer."""
    excluded = ([positive_data_acceptance] if operation.label in RULES_BEYOND_THE_SCHEMA
                else [])

    @given(case=st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                          operation.as_strategy(GenerationMode.NEGATIVE)))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()


def contract_failures(app, headers=None) -> list[str]:
    """Run every documented operation; return the first failure of each, briefly."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            check_operation(operation, headers)
        except (Exception, BaseExceptionGroup) as error:
            failures.append(f"{operation.label}: {str(error).strip()[:1500]}")
    return failures


def test_anonymous_requests_get_documented_answers(app):
    failures = contract_failures(app)
    assert failures == [], "\n\n".join(failures)


def test_an_officers_requests_get_documented_answers(app):
    settings = Settings.of(app)
    with connection():
        user = create_user("kiem-thu", "mat-khau-an-toan", "officer",
                           hash_method=settings.password_hash_method)
        headers = {"Authorization": f"Bearer {issue_token(user, settings.token_hours)}"}
    failures = contract_failures(app, headers)
    assert failures == [], "\n\n".join(failures)
