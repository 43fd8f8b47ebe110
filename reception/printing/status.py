"""Printer status read with the ESC/POS real-time request DLE EOT n.

Each request is answered with one byte whose bits 1 and 4 are set and bits 0 and 7 clear, so a
reply byte is ``0b0xx1xx10``. The meanings, as in python-escpos's is_online() and
paper_status() (constants RT_MASK_*):

- n = 1, printer status: bit 3 set = offline.
- n = 2, offline cause: bit 2 cover open, bit 3 paper fed with the button, bit 5 stopped for
  lack of paper, bit 6 error.
- n = 4, roll paper sensor: bits 2-3 set = paper near its end, bits 5-6 set = paper out.
"""

from dataclasses import dataclass
from typing import Literal

from escpos.printer import CupsPrinter

from reception.printing.backends import FilePrinter
from reception.printing.devices import open_printer
from reception.printing.errors import TRANSPORT_ERRORS, PrinterError, printer_error_from

Paper = Literal["ok", "near_end", "out", "unknown"]

DLE_EOT = b"\x10\x04"
PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4
REPLY_MASK, REPLY_FIXED = 0b1001_0011, 0b0001_0010
OFFLINE = 0b0000_1000
COVER_OPEN, FEED_BUTTON, PAPER_STOP, ERROR = 0b0000_0100, 0b0000_1000, 0b0010_0000, 0b0100_0000
NEAR_END, PAPER_OUT = 0b0000_1100, 0b0110_0000

NOT_CONFIGURED = "Chưa cấu hình máy in"
NOT_ANSWERING = "Máy in không trả lời"
COVER_IS_OPEN = "Nắp máy in đang mở"
OUT_OF_PAPER = "Máy in đã hết giấy"
PRINTER_FAULT = "Máy in báo lỗi"
FEEDING = "Đang đẩy giấy bằng nút trên máy in"
OFFLINE_UNKNOWN = "Máy in đang ngoại tuyến"


@dataclass(frozen=True)
class PrinterStatus:
    """What a printer says about itself; ``error`` is a Vietnamese sentence or None."""

    online: bool
    paper: Paper = "unknown"
    error: str | None = None


def read_status(url: str, timeout: float = 2.0) -> PrinterStatus:
    """Ask the printer at url whether it is online and has paper.

    Unreachable or silent printers give ``online=False``; only a malformed address raises.

    :param timeout: seconds to wait for the connection and for each reply.
    :raises PrinterConfigError: the address is malformed or its driver is not installed.
    """
    try:
        printer = open_printer(url, timeout)
    except PrinterError as exc:
        return PrinterStatus(False, "unknown", exc.message)
    if printer is None:
        return PrinterStatus(False, "unknown", NOT_CONFIGURED)
    try:
        if isinstance(printer, FilePrinter):
            return PrinterStatus(True, "ok")
        if isinstance(printer, CupsPrinter):
            # CUPS takes jobs for the printer but passes no real-time replies back.
            return PrinterStatus(True, "unknown")
        return _ask(printer)
    except TRANSPORT_ERRORS as exc:
        return PrinterStatus(False, "unknown", printer_error_from(exc).message)
    finally:
        printer.close()


def _ask(printer) -> PrinterStatus:
    """Send the status requests over an open connection and decode the replies."""
    status = _request(printer, PRINTER_STATUS)
    if status is None:
        return PrinterStatus(False, "unknown", NOT_ANSWERING)
    paper = _paper(_request(printer, PAPER_SENSOR))
    if status & OFFLINE:
        return PrinterStatus(False, paper, _offline_cause(_request(printer, OFFLINE_CAUSE)))
    return PrinterStatus(True, paper, OUT_OF_PAPER if paper == "out" else None)


def _request(printer, n: int) -> int | None:
    """Send DLE EOT n and return the reply byte, or None when there is no valid reply."""
    reply = printer.query_status(DLE_EOT + bytes((n,)))
    # Take the last well-formed byte: anything before it is a stale or unsolicited status.
    valid = [byte for byte in reply if byte & REPLY_MASK == REPLY_FIXED]
    return valid[-1] if valid else None


def _paper(sensor: int | None) -> Paper:
    """Decode the roll paper sensor byte."""
    if sensor is None:
        return "unknown"
    if sensor & PAPER_OUT:
        return "out"
    if sensor & NEAR_END:
        return "near_end"
    return "ok"


def _offline_cause(cause: int | None) -> str:
    """Say in Vietnamese why the printer is offline."""
    if cause is None:
        return OFFLINE_UNKNOWN
    for bit, message in (
        (COVER_OPEN, COVER_IS_OPEN),
        (PAPER_STOP, OUT_OF_PAPER),
        (ERROR, PRINTER_FAULT),
        (FEED_BUTTON, FEEDING),
    ):
        if cause & bit:
            return message
    return OFFLINE_UNKNOWN
