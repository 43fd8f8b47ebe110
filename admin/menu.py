"""The staff menu and where each role lands: one table, read by base.html and the views.

Each entry names the roles that may open its page, taken from the rules that guard the page
itself (reception.cases.access, reception.cases.logbook, reception.crowd.snapshot,
web.auth), so the menu never offers a page that would answer 403.
"""

from reception.cases.access import CASE_ROLES
from reception.cases.logbook import READER_ROLES
from reception.crowd.snapshot import CROWD_ROLES
from web.auth import OFFICER_ROLES

ADMIN_ROLES = ("admin",)
# Leaders read the reception schedule; only admins change it (admin.crowd).
SCHEDULE_ROLES = ("leader", "admin")

# (nav key, endpoint, label key in admin.texts, roles), in the order the menu shows them.
MENU = (
    ("desk", "admin.index", "nav_desk", OFFICER_ROLES),
    ("cases", "admin.case_list", "nav_cases", CASE_ROLES),
    ("petitions", "admin.petition_list", "nav_petitions", CASE_ROLES),
    ("reports", "admin.reports", "nav_reports", READER_ROLES),
    ("crowd", "admin.crowd", "nav_crowd", CROWD_ROLES),
    ("schedule", "admin.reception_schedule", "nav_schedule", SCHEDULE_ROLES),
    ("services", "admin.services", "nav_services", ADMIN_ROLES),
    ("counters", "admin.counters", "nav_counters", ADMIN_ROLES),
    ("users", "admin.user_list", "nav_users", ADMIN_ROLES),
    ("organisation", "admin.organisation", "nav_organisation", ADMIN_ROLES),
    ("printers", "admin.printer_list", "nav_printers", ADMIN_ROLES),
    ("notifications", "admin.notification_log", "nav_notifications", ADMIN_ROLES),
    ("alert_recipients", "admin.alert_recipients", "nav_alert_recipients", ADMIN_ROLES),
)


def menu_for(role: str | None) -> list[tuple[str, str, str]]:
    """Return the (nav key, endpoint, label key) entries a role may open, in menu order."""
    return [(key, endpoint, label) for key, endpoint, label, roles in MENU if role in roles]


def landing(role: str | None) -> str:
    """Return the endpoint a role starts on after login: its first page in the menu."""
    entries = menu_for(role)
    return entries[0][1] if entries else "admin.index"
