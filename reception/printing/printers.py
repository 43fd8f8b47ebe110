"""The ticket printers an administrator configures: addresses, kiosks, the default, their state.

An address is checked with reception.printing's own parsing rules when it is saved, without
opening the device, so a typo or a missing driver (libusb, pycups) is refused on the form with a
Vietnamese message instead of failing on the first ticket.
"""

import unicodedata

from escpos.printer import CupsPrinter
from peewee import IntegrityError

from reception import characters, clock
from reception.database import write_transaction
from reception.errors import Conflict, Invalid, NotFound, Unavailable
from reception.form_input import clean_int, clean_text, invalid
from reception.models import Printer
from reception.printing import (
    PrinterConfigError,
    PrinterError,
    print_image_at,
    read_status,
    render_test_page,
)
from reception.printing import devices as printer_devices
from reception.printing.dispatch import (
    CONFIGURED_PRINTER,
    LOCK_WAIT_TIMEOUTS,
    PAPER_WIDTHS,
    PrintSetup,
    printer_lock,
    target_of,
)

PAPER_LABELS = {"ok": "còn giấy", "near_end": "sắp hết giấy", "out": "hết giấy",
                "unknown": "không rõ"}


def check_address(address) -> str:
    """Return a printer address cleaned, if the printing package accepts it; open nothing.

    :raises ReceptionError: empty or malformed address, or its driver is not installed.
    """
    text = unicodedata.normalize("NFC", str(address or "")).strip()
    characters.check(text, "Địa chỉ máy in", field_en="Printer address")
    if not text:
        raise invalid("Địa chỉ máy in", "không được để trống")
    if len(text) > 255:
        raise invalid("Địa chỉ máy in", "tối đa 255 ký tự")
    try:
        _parse(text)
    except PrinterConfigError as exc:
        raise Invalid("printer_address", reason=exc.message) from exc
    return text


def _parse(text: str) -> None:
    """Build (never open) the printer object open_printer would build, to run its checks."""
    scheme, _, rest = text.partition(":")
    scheme = scheme.lower()
    if text.lower() == "none":
        return
    if scheme == "file":
        printer_devices._file(text)
    elif scheme == "network":
        printer_devices._network(text, 1.0)
    elif scheme == "serial":
        printer_devices._serial(text, 1.0)
    elif scheme == "usb":
        printer_devices._usb(text, 1.0)
        if not _libusb_installed():
            raise PrinterConfigError(printer_devices.USB_LIBRARY_MISSING)
    elif scheme == "cups" and rest.lstrip("/"):
        if not CupsPrinter.is_usable():
            raise PrinterConfigError(printer_devices.CUPS_LIBRARY_MISSING)
    else:
        raise printer_devices._malformed(text)


def _libusb_installed() -> bool:
    """Tell whether pyusb finds the libusb-1.0 system library (open_printer needs it)."""
    try:
        import usb.backend.libusb1
    except ImportError:
        return False
    return usb.backend.libusb1.get_backend() is not None


def save_printer(fields: dict, printer_id: int | None = None) -> Printer:
    """Create a printer, or update the one with printer_id, from form fields.

    :param fields: name, url, paper_mm (80 or 58), kiosk (empty for none), is_default.
    :raises ReceptionError: invalid field, duplicate name, or a kiosk that has a printer.
    """
    name = clean_text(fields.get("name"), "Tên máy in", 80, required=True)
    address = check_address(fields.get("url"))
    paper_mm = clean_int(fields.get("paper_mm") or 80, "Khổ giấy", 58, 80)
    if paper_mm not in PAPER_WIDTHS:
        raise invalid("Khổ giấy", "chỉ chọn 80 mm hoặc 58 mm")
    kiosk = clean_text(fields.get("kiosk"), "Tên kiosk", 64) or None
    is_default = bool(fields.get("is_default"))
    with write_transaction():
        printer = Printer.get_or_none(Printer.id == printer_id) if printer_id else Printer()
        if printer is None:
            raise NotFound("not_found", what=f"máy in {printer_id}")
        if _others(printer_id, Printer.name == name).exists():
            raise Conflict("duplicate", what="Máy in", value=name)
        holder = kiosk and _others(printer_id, Printer.kiosk == kiosk).first()
        if holder:
            raise Conflict("kiosk_has_printer", kiosk=kiosk, name=holder.name)
        if is_default:
            Printer.update(is_default=False).where(Printer.is_default).execute()
        if printer.url != address:
            # A new address is a new device: what was known about the old one no longer holds.
            printer.status_online = printer.status_paper = printer.status_error = None
            printer.status_checked_at = printer.last_error = printer.last_error_at = None
        printer.name, printer.url, printer.paper_mm = name, address, paper_mm
        printer.kiosk, printer.is_default = kiosk, is_default
        try:
            printer.save()
        except IntegrityError as exc:  # a concurrent form took the name or kiosk first
            raise Conflict("duplicate", what="Máy in", value=name) from exc
    return printer


def _others(printer_id: int | None, condition):
    """Select the printers other than printer_id that meet condition."""
    query = Printer.select().where(condition)
    return query.where(Printer.id != printer_id) if printer_id else query


def make_default(printer_id: int) -> Printer:
    """Make one printer the default for tickets of kiosks without a printer of their own."""
    with write_transaction():
        printer = _printer(printer_id)
        Printer.update(is_default=False).where(Printer.is_default).execute()
        printer.is_default = True
        printer.save()
    return printer


def delete_printer(printer_id: int) -> None:
    """Remove a printer; its kiosk's tickets go to the default printer from now on."""
    with write_transaction():
        _printer(printer_id).delete_instance()


def _printer(printer_id: int) -> Printer:
    printer = Printer.get_or_none(Printer.id == printer_id)
    if printer is None:
        raise NotFound("not_found", what=f"máy in {printer_id}")
    return printer


def find_printer(printer_id: int) -> Printer:
    """Return the printer with this id.

    :raises NotFound: there is none.
    """
    return _printer(printer_id)


def check_now(printer_id: int, setup: PrintSetup) -> Printer:
    """Ask a printer for its state now (DLE EOT) and store the answer.

    :raises ReceptionError: unknown printer, or its address can no longer be used.
    """
    printer = _printer(printer_id)
    try:
        with printer_lock(printer.url, LOCK_WAIT_TIMEOUTS * setup.timeout):
            status = read_status(printer.url, timeout=min(setup.timeout, 2.0))
        online, paper, error = status.online, status.paper, status.error
    except PrinterError as exc:  # busy with a job that did not finish within the wait
        online, paper, error = False, "unknown", exc.message
    except PrinterConfigError as exc:
        raise Invalid("printer_address", reason=exc.message) from exc
    with write_transaction():
        Printer.update(
            status_online=online, status_paper=paper, status_error=error,
            status_checked_at=clock.stored_now(),
        ).where(Printer.id == printer.id).execute()
    return Printer.get_by_id(printer.id)


def print_test(printer_id: int, setup: PrintSetup) -> Printer:
    """Print the test page with every Vietnamese letter on a printer; record the outcome.

    :raises ReceptionError: unknown printer (NotFound), printing switched off (Conflict), or
        the printer failed (Unavailable).
    """
    printer = _printer(printer_id)
    target = target_of(printer)
    try:
        with printer_lock(target.address, LOCK_WAIT_TIMEOUTS * setup.timeout):
            _print_test_page(target.address, target.name, target.width_px, setup.timeout)
        error = None
    except (PrinterError, PrinterConfigError) as exc:
        error = exc.message
    moment = clock.stored_now()
    changes = (
        {Printer.last_error: error, Printer.last_error_at: moment}
        if error
        else {Printer.last_printed_at: moment}
    )
    with write_transaction():
        Printer.update(changes).where(Printer.id == printer.id).execute()
    if error:
        raise Unavailable("test_page_failed", name=printer.name, reason=error)
    return Printer.get_by_id(printer.id)


def _print_test_page(address: str, name: str, width_px: int, timeout: float) -> None:
    """Open the printer, print the test page and close it.

    :raises Conflict: printing is switched off for this address.
    :raises PrinterError: the printer could not be reached or failed mid-job.
    """
    if not print_image_at(address, render_test_page(name, width_px, clock.now()), timeout):
        raise Conflict("no_printer")


def printer_view(printer: Printer) -> dict:
    """Return the JSON shape of a printer and what is known of its state."""
    return {
        "id": printer.id,
        "name": printer.name,
        "url": printer.url,
        "paper_mm": printer.paper_mm,
        "kiosk": printer.kiosk,
        "is_default": printer.is_default,
        "status": {
            "online": printer.status_online,
            "paper": printer.status_paper,
            "error": printer.status_error,
            "checked_at": clock.iso(printer.status_checked_at),
        },
        "last_error": printer.last_error,
        "last_error_at": clock.iso(printer.last_error_at),
        "last_printed_at": clock.iso(printer.last_printed_at),
    }


def all_printers() -> list[Printer]:
    """Return every configured printer, the default first, then by name."""
    return list(Printer.select().order_by(Printer.is_default.desc(), Printer.name))


def default_printer(setup: PrintSetup) -> dict:
    """Say which printer takes tickets of kiosks without their own: a row, the config, or none."""
    row = Printer.select().where(Printer.is_default).order_by(Printer.id).first()
    if row is not None:
        return {"source": "printer", "name": row.name, "url": row.url}
    address = setup.fallback_address.strip() or "none"
    if address.lower() == "none":
        return {"source": "none", "name": None, "url": "none"}
    return {"source": "config", "name": CONFIGURED_PRINTER, "url": address}
