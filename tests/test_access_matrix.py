"""Issue 10: the role × route matrix. Every route of the application is declared here as public
or with the roles it admits; each one is requested as anonymous, security, officer, leader and
admin, and the answers are held against the declaration. A new route without a declaration
fails the test, so nobody adds one without deciding who may use it.

This is a second statement of the access rules, written apart from the decorators that enforce
them: reading the decorators back would only prove that they are what they are.
"""

import re

import pytest

from reception.config import Settings
from reception.database import connection
from reception.models import Ticket
from reception.users import issue_token
from tests.admin.conftest import csrf_from, log_in
from tests.cases.conftest import QR_PHO, meeting

ROLES = ("anonymous", "security", "officer", "leader", "admin")
PUBLIC = set(ROLES)
# Kiosks and boards: open while no RECEPTION_DEVICE_KEY is set (checked apart below).
DEVICE = set(ROLES)  # equal to PUBLIC, told apart by identity below
STAFF = {"security", "officer", "leader", "admin"}
RECORDS = {"officer", "leader", "admin"}
OFFICERS = RECORDS
CROWD = {"security", "leader", "admin"}
WALK_INS = {"security", "officer", "leader", "admin"}
ADMIN = {"admin"}
# The logbook and the statistics cover every case: leaders and admins (reception.cases.access).
SEE_ALL = {"leader", "admin"}
# The reception schedule page: leaders read it, admins also change it (issue 11, item 15a).
SCHEDULE = {"leader", "admin"}
# Only the officer whose counter called the ticket, or an admin giving a reason: nobody here
# (the full rule is in tests/cases/test_kiosk_card.py).
CALLER_ONLY = set()
# Signing in and out answer every caller (401 for a wrong password, a redirect after signing
# out): only "no server error" is held against them; tests/admin covers them.
SIGN_IN_OUT = {"admin.login", "admin.logout", "admin.logout_all", "api.create_token",
               "api.logout", "api.logout_all"}

ACCESS = {
    # Public screens and the public API.
    "static": PUBLIC, "public.home": PUBLIC, "public.ticket_status": PUBLIC,
    "public.ticket_status_qr": PUBLIC,
    "kiosk.index": PUBLIC, "display.index": PUBLIC, "display.public_schedule": PUBLIC,
    "admin.login": PUBLIC, "api.openapi": PUBLIC, "api.create_token": PUBLIC,
    "api.ticket_status": PUBLIC, "api.public_schedule": PUBLIC,
    "api.list_services": DEVICE, "api.list_counters": DEVICE, "api.create_ticket": DEVICE,
    "api.queue_state": DEVICE, "api.reprint_own_ticket": DEVICE, "api.read_qr": DEVICE,
    # Booking (issue 13): sessions and appointments are public, the code is the key.
    "api.list_sessions": PUBLIC, "api.create_appointment": PUBLIC,
    "api.get_appointment": PUBLIC, "api.cancel_appointment": PUBLIC,
    "booking.book": PUBLIC, "booking.book_session": PUBLIC, "booking.appointment": PUBLIC,
    "booking.appointment_qr": PUBLIC, "booking.cancel": PUBLIC, "booking.lookup": PUBLIC,
    # Every signed-in member of staff.
    "admin.index": STAFF, "admin.logout": STAFF, "admin.logout_all": STAFF,
    "api.logout": STAFF, "api.logout_all": STAFF, "api.list_days_off": STAFF,
    # The counters.
    "admin.desk": OFFICERS, "api.desk": OFFICERS, "api.get_ticket": OFFICERS,
    "api.call_next": OFFICERS, "api.recall": OFFICERS, "api.no_show": OFFICERS,
    "api.start": OFFICERS, "api.finish": OFFICERS, "api.transfer": OFFICERS,
    "api.reprint_ticket": OFFICERS, "api.ticket_arrival_identity": CALLER_ONLY,
    "api.record_options": OFFICERS, "api.list_appointments": RECORDS,
    # Case files, the logbook and reports: never security staff.
    "admin.case_list": RECORDS, "admin.case_page": RECORDS, "admin.case_add_note": RECORDS,
    "admin.case_update": RECORDS, "admin.case_deadline": RECORDS, "admin.reports": SEE_ALL,
    "admin.logbook_page": SEE_ALL,
    "api.find_visitor": RECORDS, "api.create_visit": RECORDS, "api.list_visits": RECORDS,
    "api.get_visit": RECORDS, "api.patch_visit": RECORDS, "api.visit_identity": RECORDS,
    "api.visit_history": RECORDS, "api.visit_receipt": RECORDS,
    "api.visit_refusal_notice": RECORDS, "api.ticket_visit": RECORDS,
    "api.list_cases": RECORDS, "api.get_case": RECORDS, "api.patch_case": RECORDS,
    "api.case_history": RECORDS, "api.case_note": RECORDS, "api.deadline_met": RECORDS,
    "api.deadline_extend": RECORDS, "api.case_export": RECORDS, "api.get_logbook": SEE_ALL,
    "api.report_tcd01": SEE_ALL,
    # The crowd view.
    "admin.crowd": CROWD, "api.crowd": CROWD, "api.acknowledge_alert": CROWD,
    "api.day_history": CROWD, "api.hourly_counts": CROWD, "api.incident_log": CROWD,
    "api.add_note": CROWD, "api.get_thresholds": CROWD, "api.list_walk_ins": CROWD,
    "api.record_walk_in": WALK_INS, "api.update_walk_in": WALK_INS,
    "api.depart_walk_in": WALK_INS,
    # Administration.
    "admin.crowd_thresholds": ADMIN, "admin.reception_schedule": SCHEDULE,
    "api.create_session": SCHEDULE, "api.update_session": SCHEDULE,
    "api.delete_session": SCHEDULE,
    "admin.schedule_options": ADMIN, "admin.save_session": ADMIN, "admin.cancel_session": ADMIN,
    "admin.add_shifts": ADMIN, "admin.delete_shift": ADMIN, "admin.services": ADMIN,
    "admin.service_form": ADMIN, "admin.counters": ADMIN, "admin.counter_form": ADMIN,
    "admin.user_list": ADMIN, "admin.user_edit": ADMIN, "admin.user_active": ADMIN,
    "admin.user_password": ADMIN, "admin.user_new": ADMIN, "admin.organisation": ADMIN,
    "admin.printer_list": ADMIN, "admin.printer_save": ADMIN, "admin.printer_edit": ADMIN,
    "admin.printer_check": ADMIN, "admin.printer_default": ADMIN, "admin.printer_delete": ADMIN,
    "admin.printer_test_page": ADMIN, "admin.printer_reprint": ADMIN,
    "api.put_thresholds": ADMIN, "api.put_record_options": ADMIN, "api.audit_log": ADMIN,
    "api.add_day_off": ADMIN, "api.remove_day_off": ADMIN, "api.list_printers": ADMIN,
    "api.check_printer": ADMIN, "api.print_test_page": ADMIN,
    # Online petitions (issue 13): the public form and status; the letters are case files.
    "petitions.form": PUBLIC, "api.create_petition": PUBLIC, "api.petition_status": PUBLIC,
    "admin.petition_list": RECORDS, "admin.petition_page": RECORDS,
    "admin.petition_classify": RECORDS, "admin.petition_file": RECORDS,
    # Notifications: the delivery log and the urgent-alert recipients; the urgent report.
    "admin.notification_log": ADMIN, "admin.notification_retry": ADMIN,
    "admin.alert_recipients": ADMIN, "admin.alert_recipient_save": ADMIN,
    "admin.alert_recipient_delete": ADMIN, "admin.crowd_urgent_report": CROWD,
}

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
# Signing out ends the client's session: those routes go last.
LAST = ("logout",)


def routes(app):
    """Return (endpoint, method, rule) for every route, sign-outs last."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, rule.rule))
    return sorted(found, key=lambda r: (any(word in r[0] for word in LAST), r[2], r[1]))


def concrete(rule: str, token: str) -> str:
    values = {"filename": "css/admin.css", "token": token, "day": "2027-02-10",
              "action": "met"}
    return CONVERTER.sub(lambda m: values.get(m.group(2), "1"), rule)


def denied(response) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code == 302 and "/admin/login" in response.headers["Location"]


@pytest.fixture
def world(app, make_user, client):
    """One of everything a route may name (id 1), and a client and token per role."""
    spare, _ = make_user("officer")  # user 1: the one admin routes deactivate and reset
    # The anonymous client holds a CSRF token too, so its refusals are about who it is.
    anonymous = app.test_client()
    clients = {"anonymous": (anonymous, csrf_from(
        anonymous.get("/admin/login").get_data(as_text=True)))}
    headers = {"anonymous": {}}
    for role in ROLES[1:]:
        user, password = make_user(role)
        signed_in = app.test_client()
        clients[role] = (signed_in, log_in(signed_in, user.username, password))
        with connection():
            headers[role] = {"Authorization":
                             f"Bearer {issue_token(user, Settings.of(app).token_hours)}"}
    # A ticket met with a record: visit 1, case 1 and its deadlines; a second one waiting.
    client.post("/api/v1/tickets", json={"service": "A", "identity_qr": QR_PHO})
    client.post("/api/v1/counters/1/call-next", headers=headers["officer"])
    finished = client.post("/api/v1/tickets/1/finish", headers=headers["officer"],
                           json=meeting())
    assert finished.status_code == 200, finished.json
    client.post("/api/v1/tickets", json={"service": "A"})
    client.post("/api/v1/crowd/walk-ins", headers=headers["security"], json={"party_size": 3})
    with connection():
        token = Ticket.get_by_id(2).public_token
    assert spare.id == 1
    return clients, headers, token


def request_as(role, endpoint, method, path, clients, headers):
    client, csrf = clients[role]
    if path.startswith("/api/"):
        body = {} if method in ("POST", "PUT", "PATCH") else None
        return client.open(path, method=method, json=body, headers=headers[role])
    data = {"csrf_token": csrf} if method == "POST" and csrf else None
    return client.open(path, method=method, data=data)


def test_every_route_is_declared(app):
    undeclared = sorted({endpoint for endpoint, _, _ in routes(app)} - set(ACCESS))
    assert undeclared == [], "declare who may use these routes in ACCESS"
    assert sorted(set(ACCESS) - {endpoint for endpoint, _, _ in routes(app)}) == []


def test_each_role_gets_exactly_the_routes_declared_for_it(app, world):
    clients, headers, token = world
    wrong, errors, checked = [], [], 0
    for endpoint, method, rule in routes(app):
        path = concrete(rule, token)
        for role in ROLES:
            response = request_as(role, endpoint, method, path, clients, headers)
            checked += 1
            if response.status_code >= 500:
                errors.append(f"{role} {method} {path} → {response.status_code}")
            elif endpoint in SIGN_IN_OUT:
                continue
            elif denied(response) == (role in ACCESS[endpoint]):
                wrong.append(f"{role} {method} {path} → {response.status_code}")
    assert errors == []
    assert wrong == [], "\n".join(wrong)
    assert checked >= 500


def test_kiosk_routes_need_the_device_key_once_one_is_set(app, world):
    app.config["DEVICE_KEY"] = "K-hall-1"
    clients, headers, token = world
    device = sorted({(e, m, r) for e, m, r in routes(app) if ACCESS[e] is DEVICE})
    assert len(device) == 6
    anonymous = app.test_client()
    for _endpoint, method, rule in device:
        path = concrete(rule, token)
        refused = anonymous.open(path, method=method, json={} if method == "POST" else None)
        assert refused.status_code == 403, (method, path)
        assert refused.json["error"]["code"] == "device_key_required"
        kiosk = anonymous.open(path, method=method, json={} if method == "POST" else None,
                               headers={"X-Device-Key": "K-hall-1"})
        assert kiosk.status_code not in (401, 403), (method, path, kiosk.status_code)
