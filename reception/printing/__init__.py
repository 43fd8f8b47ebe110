"""Ticket printing: render tickets as images and send them to ESC/POS printers.

Rendering (render.py) is pure; one factory (devices.open_printer) turns a configured address
into a printer; jobs.py sends images as GS v 0 raster data; printers.py keeps the printers an
administrator configures; dispatch.py prints a committed ticket on its kiosk's printer and
records the result. Nothing here imports Flask.
"""

from reception.printing.backends import FilePrinter
from reception.printing.devices import open_printer
from reception.printing.errors import PrinterConfigError, PrinterError
from reception.printing.fonts import FontMissingError
from reception.printing.jobs import (
    print_image,
    print_image_at,
    print_test_page,
    print_ticket,
    print_ticket_at,
)
from reception.printing.layout import WIDTH_58MM, WIDTH_80MM
from reception.printing.render import TicketPrintout, render_test_page, render_ticket
from reception.printing.status import PrinterStatus, read_status

__all__ = [
    "WIDTH_58MM",
    "WIDTH_80MM",
    "FilePrinter",
    "FontMissingError",
    "PrinterConfigError",
    "PrinterError",
    "PrinterStatus",
    "TicketPrintout",
    "open_printer",
    "print_image",
    "print_test_page",
    "print_ticket",
    "print_image_at",
    "print_ticket_at",
    "read_status",
    "render_test_page",
    "render_ticket",
]
