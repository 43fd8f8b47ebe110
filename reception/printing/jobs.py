"""Print jobs: send rendered tickets and test pages to an ESC/POS printer as raster images.

Never ``printer.text()``: printers turn Vietnamese letters sent as text into ``?``.
"""

import contextlib
import copy
from datetime import datetime

from escpos.escpos import Escpos
from PIL import Image

from reception.printing.devices import open_printer
from reception.printing.errors import TRANSPORT_ERRORS, PrinterError, printer_error_from
from reception.printing.render import (
    WIDTH_80MM,
    TicketPrintout,
    render_test_page,
    render_ticket,
)

#: Lines fed when not cutting, so the end of the print clears the tear bar.
FEED_LINES = 6


def print_image(printer: Escpos, image: Image.Image, cut: bool = True) -> None:
    """Send image as GS v 0 raster data, then feed the paper and cut it (or only feed).

    :raises PrinterError: the connection failed, was lost mid-job or timed out.
    """
    _set_paper_width(printer, image.width)
    try:
        printer.hw("INIT")  # ESC @: clear modes a previous job may have left set
        printer.image(image, impl="bitImageRaster")
        if cut:
            printer.cut()  # feeds six lines first, so the cut falls below the print
        else:
            printer.print_and_feed(FEED_LINES)
    except TRANSPORT_ERRORS as exc:
        raise printer_error_from(exc) from exc


def print_ticket(printer: Escpos, ticket: TicketPrintout, width_px: int = WIDTH_80MM) -> None:
    """Render a ticket for paper width_px dots wide and print it.

    :raises PrinterError: the connection failed, was lost mid-job or timed out.
    """
    print_image(printer, render_ticket(ticket, width_px))


def print_test_page(
    printer: Escpos,
    printer_name: str,
    width_px: int = WIDTH_80MM,
    printed_at: datetime | None = None,
) -> None:
    """Print the test page with every tricky Vietnamese letter.

    :raises PrinterError: the connection failed, was lost mid-job or timed out.
    """
    print_image(printer, render_test_page(printer_name, width_px, printed_at))


def print_ticket_at(
    url: str, ticket: TicketPrintout, width_px: int = WIDTH_80MM, timeout: float = 5.0
) -> bool:
    """Open the printer at url, print the ticket and close it; False when printing is off.

    :raises PrinterConfigError: the printer address is malformed or its driver is missing.
    :raises PrinterError: the printer could not be reached or failed mid-job.
    """
    # Rendered before connecting: the printer waits for nobody.
    return print_image_at(url, render_ticket(ticket, width_px), timeout)


def print_image_at(url: str, image, timeout: float = 5.0) -> bool:
    """Open the printer at url, print one image and close it; False when printing is off.

    :raises PrinterConfigError: the printer address is malformed or its driver is missing.
    :raises PrinterError: the printer could not be reached or failed mid-job.
    """
    printer = open_printer(url, timeout)
    if printer is None:
        return False
    try:
        print_image(printer, image)
    except PrinterError:
        with contextlib.suppress(*TRANSPORT_ERRORS):  # the print error is the one to report
            printer.close()
        raise
    try:
        printer.close()
    except TRANSPORT_ERRORS as exc:
        raise printer_error_from(exc) from exc
    return True


def _set_paper_width(printer: Escpos, width_px: int) -> None:
    """Give the printer's profile a paper width when it has none.

    python-escpos prints a warning to stdout on every image() when the profile's paper width
    is unknown (the default profile). The profile class and its dict are shared by every
    printer, so this printer gets its own copy.
    """
    data = printer.profile.profile_data
    if data.get("media", {}).get("width", {}).get("pixels", "Unknown") != "Unknown":
        return
    data = copy.deepcopy(data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = width_px
    printer.profile.profile_data = data
