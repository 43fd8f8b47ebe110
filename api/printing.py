"""Printing routes: reprint a ticket (officers, or the kiosk holding its token) and printers."""

from flask import current_app, g, jsonify, request

from api import bp
from api.openapi import PUBLIC_RULE, PUBLIC_TICKET, TICKET
from reception import public, queue
from reception.printing import dispatch, printers
from reception.printing.dispatch import PrintSetup
from web.app_settings import app_settings
from web.auth import OFFICER_ROLES, staff_required
from web.devices import device_required
from web.openapi import DEVICE, ERROR, STAFF, ok, operation, refused

FAILED = refused("The printer failed (error code print_failed or test_page_failed); the "
                 "failure is recorded")


def print_setup() -> PrintSetup:
    """Return the printing configuration for this request (QR links use its host by default)."""
    return PrintSetup.from_config(current_app.config, request.host_url)


@bp.post("/tickets/<int:ticket_id>/print")
@operation("Print a ticket again", security=STAFF,
           responses={"200": ok("The ticket, print_status printed", TICKET), "401": ERROR,
                      "403": ERROR, "404": ERROR, "409": ERROR, "502": FAILED})
@staff_required(*OFFICER_ROLES)
def reprint_ticket(ticket_id):
    ticket = dispatch.reprint(dispatch.ticket_by_id(ticket_id), print_setup(),
                                     user=g.user)
    return jsonify({"ticket": queue.ticket_view(ticket, app_settings().default_service_minutes)})


@bp.post("/status/<token>/print")
@operation("The kiosk prints its ticket again (by the ticket's status token)",
           security=DEVICE, description=PUBLIC_RULE,
           responses={"200": ok("The ticket, print_status printed", PUBLIC_TICKET),
                      "403": ERROR, "404": ERROR, "409": ERROR, "502": FAILED})
@device_required
def reprint_own_ticket(token):
    ticket = dispatch.reprint(dispatch.ticket_by_token(token), print_setup())
    # The kiosk is public: the answer is the ticket as its holder sees it, without a matter.
    return jsonify({"ticket": public.ticket_view(ticket, app_settings().default_service_minutes)})


@bp.get("/printers")
@operation("Printers with their last known state, the default printer, and today's tickets "
           "whose print failed", security=STAFF,
           responses={"200": ok("Printers"), "401": ERROR, "403": ERROR})
@staff_required("admin")
def list_printers():
    setup = print_setup()
    minutes = app_settings().default_service_minutes
    return jsonify(
        {
            "printers": [printers.printer_view(p) for p in printers.all_printers()],
            "default": printers.default_printer(setup),
            "failed_today": [queue.ticket_view(t, minutes) for t in dispatch.failed_today()],
        }
    )


@bp.post("/printers/<int:printer_id>/check")
@operation("Ask a printer for its state now (DLE EOT) and store it", security=STAFF,
           responses={"200": ok("The printer"), "400": ERROR, "401": ERROR, "403": ERROR,
                      "404": ERROR})
@staff_required("admin")
def check_printer(printer_id):
    return jsonify({"printer": printers.printer_view(printers.check_now(printer_id,
                                                                         print_setup()))})


@bp.post("/printers/<int:printer_id>/test-page")
@operation("Print the test page with every Vietnamese letter", security=STAFF,
           responses={"200": ok("The printer"), "401": ERROR, "403": ERROR, "404": ERROR,
                      "409": ERROR, "502": FAILED})
@staff_required("admin")
def print_test_page(printer_id):
    return jsonify({"printer": printers.printer_view(printers.print_test(printer_id,
                                                                          print_setup()))})
