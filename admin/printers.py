"""The printers page (admin role): printers and their state, tests, and tickets to print again.

Each form posts here, calls reception.printing.printers or reception.printing.dispatch, flashes
the outcome and returns to the page; a refused printer form renders the page again with the
message and what the user typed (status 400).
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from admin import bp
from admin.manage import admin_required
from reception import clock
from reception.errors import ReceptionError
from reception.models import Printer
from reception.printing import dispatch, printers
from reception.printing.dispatch import PrintSetup

FORM_FIELDS = ("name", "url", "paper_mm", "kiosk")


def print_setup() -> PrintSetup:
    """Return the printing configuration for this request."""
    return PrintSetup.from_config(current_app.config, request.host_url)


def printer_page(values: dict, editing=None, error: str | None = None, status: int = 200):
    """Render the printers page with the printer form holding values."""
    setup = print_setup()
    return render_template(
        "admin/printers.html",
        printers=printers.all_printers(),
        default=printers.default_printer(setup),
        failed=dispatch.failed_today(),
        paper_labels=printers.PAPER_LABELS,
        values=values,
        editing=editing,
        error=error,
        when=local_time,
    ), status


def local_time(moment) -> str:
    """Format a stored timestamp as local time for the page, or a dash."""
    local = clock.from_storage(moment)
    return f"{local:%H:%M %d/%m/%Y}" if local else "—"


def form_values() -> dict:
    values = {key: request.form.get(key, "") for key in FORM_FIELDS}
    values["is_default"] = "is_default" in request.form
    return values


def back(message: str, category: str = "success"):
    """Flash a message and return to the printers page."""
    flash(message, category)
    return redirect(url_for("admin.printer_list"))


@bp.get("/printers")
@admin_required
def printer_list():
    return printer_page({"name": "", "url": "", "paper_mm": "80", "kiosk": "",
                         "is_default": False})


@bp.get("/printers/<int:printer_id>")
@admin_required
def printer_edit(printer_id):
    try:
        printer = printers.find_printer(printer_id)
    except ReceptionError as error:
        return back(error.message(), "error")
    values = {"name": printer.name, "url": printer.url, "paper_mm": str(printer.paper_mm),
              "kiosk": printer.kiosk or "", "is_default": printer.is_default}
    return printer_page(values, editing=printer)


@bp.post("/printers")
@bp.post("/printers/<int:printer_id>")
@admin_required
def printer_save(printer_id=None):
    values = form_values()
    try:
        saved = printers.save_printer(values, printer_id)
    except ReceptionError as error:
        editing = Printer.get_or_none(Printer.id == printer_id) if printer_id else None
        return printer_page(values, editing=editing, error=error.message(), status=400)
    return back(f"Đã lưu máy in “{saved.name}”.")


@bp.post("/printers/<int:printer_id>/delete")
@admin_required
def printer_delete(printer_id):
    try:
        name = printers.find_printer(printer_id).name
        printers.delete_printer(printer_id)
    except ReceptionError as error:
        return back(error.message(), "error")
    return back(f"Đã xoá máy in “{name}”.")


@bp.post("/printers/<int:printer_id>/default")
@admin_required
def printer_default(printer_id):
    try:
        printer = printers.make_default(printer_id)
    except ReceptionError as error:
        return back(error.message(), "error")
    return back(f"Máy in “{printer.name}” là máy in mặc định.")


@bp.post("/printers/<int:printer_id>/check")
@admin_required
def printer_check(printer_id):
    try:
        printer = printers.check_now(printer_id, print_setup())
    except ReceptionError as error:
        return back(error.message(), "error")
    if printer.status_online and not printer.status_error:
        return back(f"Máy in “{printer.name}” đang hoạt động.")
    return back(f"Máy in “{printer.name}”: {printer.status_error or 'không trả lời'}.", "error")


@bp.post("/printers/<int:printer_id>/test-page")
@admin_required
def printer_test_page(printer_id):
    try:
        printer = printers.print_test(printer_id, print_setup())
    except ReceptionError as error:
        return back(error.message(), "error")
    return back(f"Đã in trang thử trên máy in “{printer.name}”.")


@bp.post("/printers/tickets/<int:ticket_id>/print")
@admin_required
def printer_reprint(ticket_id):
    try:
        ticket = dispatch.reprint(dispatch.ticket_by_id(ticket_id), print_setup(),
                                         user=current_user._get_current_object())
    except ReceptionError as error:
        return back(error.message(), "error")
    return back(f"Đã in lại phiếu số {ticket.number}.")
