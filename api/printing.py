"""Printing routes: reprint a ticket (officers, or the kiosk holding its token) and printers."""

from flask import current_app, g, jsonify, request

from api import bp
from reception import printers, public, queue, ticket_printing
from reception.ticket_printing import PrintSetup
from web.app_settings import app_settings
from web.auth import OFFICER_ROLES, staff_required
from web.devices import device_required


def print_setup() -> PrintSetup:
    """Return the printing configuration for this request (QR links use its host by default)."""
    return PrintSetup.from_config(current_app.config, request.host_url)


@bp.post("/tickets/<int:ticket_id>/print")
@staff_required(*OFFICER_ROLES)
def reprint_ticket(ticket_id):
    ticket = ticket_printing.reprint(ticket_printing.ticket_by_id(ticket_id), print_setup(),
                                     user=g.user)
    return jsonify({"ticket": queue.ticket_view(ticket, app_settings().default_service_minutes)})


@bp.post("/status/<token>/print")
@device_required
def reprint_own_ticket(token):
    ticket = ticket_printing.reprint(ticket_printing.ticket_by_token(token), print_setup())
    # The kiosk is public: the answer is the ticket as its holder sees it, without a matter.
    return jsonify({"ticket": public.ticket_view(ticket, app_settings().default_service_minutes)})


@bp.get("/printers")
@staff_required("admin")
def list_printers():
    setup = print_setup()
    minutes = app_settings().default_service_minutes
    return jsonify(
        {
            "printers": [printers.printer_view(p) for p in printers.all_printers()],
            "default": printers.default_printer(setup),
            "failed_today": [queue.ticket_view(t, minutes)
                             for t in ticket_printing.failed_today()],
        }
    )


@bp.post("/printers/<int:printer_id>/check")
@staff_required("admin")
def check_printer(printer_id):
    return jsonify({"printer": printers.printer_view(printers.check_now(printer_id,
                                                                         print_setup()))})


@bp.post("/printers/<int:printer_id>/test-page")
@staff_required("admin")
def print_test_page(printer_id):
    return jsonify({"printer": printers.printer_view(printers.print_test(printer_id,
                                                                          print_setup()))})
