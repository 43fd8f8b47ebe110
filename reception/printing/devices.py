"""One factory, open_printer(url), turning a configured printer address into a printer.

Printer addresses, as set in the configuration:

- ``none``: printing is switched off;
- ``file:/path/to/folder``: each job is written as ``<stamp>.bin`` (ESC/POS bytes) beside a
  ``<stamp>.png`` preview of what would be printed;
- ``network://HOST:PORT``: raw TCP, usually port 9100;
- ``usb://VENDOR:PRODUCT`` in hex, optionally ``?in_ep=82&out_ep=01`` (needs pyusb and libusb);
- ``serial:///dev/ttyUSB0?baudrate=9600``;
- ``cups:QUEUE`` (needs pycups).
"""

from urllib.parse import parse_qs, urlsplit

from escpos.escpos import Escpos
from escpos.printer import CupsPrinter, Usb

from reception.printing.backends import FilePrinter, NetworkPrinter, SerialPrinter
from reception.printing.errors import (
    CANNOT_CONNECT,
    TRANSPORT_ERRORS,
    PrinterConfigError,
    PrinterError,
    printer_error_from,
)

DEFAULT_PORT = 9100
URL_FORMS = (
    "none, file:/thư/mục, network://HOST:PORT, usb://VENDOR:PRODUCT (hex), "
    "serial:///dev/ttyUSB0?baudrate=9600, cups:TÊN_HÀNG_ĐỢI"
)
USB_LIBRARY_MISSING = (
    "Không dùng được máy in USB vì thiếu thư viện USB. Cài gói hệ thống libusb-1.0-0 "
    "(apt-get install libusb-1.0-0) và gói Python pyusb (pip install 'python-escpos[usb]'), "
    "hoặc nối máy in qua mạng (network://)."
)
CUPS_LIBRARY_MISSING = (
    "Không dùng được máy in qua CUPS vì thiếu gói Python pycups. Cài gói hệ thống libcups2-dev "
    "rồi pip install 'python-escpos[cups]', hoặc nối máy in qua mạng (network://)."
)


def open_printer(url: str, timeout: float = 5.0) -> Escpos | None:
    """Open the printer at url; return None for ``none`` (printing switched off).

    :param timeout: seconds a connection, write or status read may wait before failing.
    :raises PrinterConfigError: the address is malformed or its driver is not installed.
    :raises PrinterError: the printer cannot be reached.
    """
    text = url.strip()
    scheme, _, rest = text.partition(":")
    scheme = scheme.lower()
    if text.lower() == "none":
        return None
    if scheme == "file":
        printer: Escpos = _file(text)
    elif scheme == "network":
        printer = _network(text, timeout)
    elif scheme == "usb":
        printer = _usb(text, timeout)
    elif scheme == "serial":
        printer = _serial(text, timeout)
    elif scheme == "cups" and rest.lstrip("/"):
        if not CupsPrinter.is_usable():
            raise PrinterConfigError(CUPS_LIBRARY_MISSING)
        printer = CupsPrinter(rest.lstrip("/"))
    else:
        raise _malformed(url)
    try:
        printer.open()
    except ValueError as exc:
        # pyusb raises NoBackendError, a ValueError, when libusb-1.0 is not installed.
        if isinstance(printer, Usb):
            raise PrinterConfigError(USB_LIBRARY_MISSING) from exc
        raise
    except TRANSPORT_ERRORS as exc:
        error = printer_error_from(exc)
        if error.message == CANNOT_CONNECT:
            raise PrinterError(f"{CANNOT_CONNECT} ({_where(text)})", error.detail) from exc
        raise error from exc
    return printer


def _malformed(url: str, reason: str = "") -> PrinterConfigError:
    """Build the error for an address that cannot be understood."""
    because = f" ({reason})" if reason else ""
    return PrinterConfigError(
        f"Địa chỉ máy in không hợp lệ: {url!r}{because}. Dùng một trong các dạng: {URL_FORMS}."
    )


def _where(url: str) -> str:
    """Return the address without its query, for messages."""
    return url.split("?", 1)[0]


def _query(url: str, allowed: set[str]) -> dict[str, str]:
    """Return the single-valued query parameters of url, rejecting unknown ones."""
    params = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=False)
    unknown = set(params) - allowed
    if unknown:
        raise _malformed(url, f"không hiểu tham số {', '.join(sorted(unknown))}")
    return {key: values[-1] for key, values in params.items()}


def _file(url: str) -> FilePrinter:
    """Build a file printer from ``file:/path/to/folder``."""
    parts = urlsplit(url)
    if not parts.path or parts.netloc or parts.query:
        raise _malformed(url, "cần đường dẫn thư mục, ví dụ file:/var/lib/reception/phieu")
    return FilePrinter(parts.path)


def _network(url: str, timeout: float) -> NetworkPrinter:
    """Build a network printer from ``network://HOST:PORT``."""
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise _malformed(url, "cổng phải là số từ 1 đến 65535") from None
    if not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise _malformed(url)
    return NetworkPrinter(parts.hostname, port, timeout=timeout)


def _usb(url: str, timeout: float) -> Usb:
    """Build a USB printer from ``usb://VENDOR:PRODUCT`` in hex."""
    parts = urlsplit(url)
    ids = parts.netloc.split(":")
    endpoints = _query(url, {"in_ep", "out_ep"})
    try:
        vendor, product = (int(value, 16) for value in ids)
        in_ep = int(endpoints.get("in_ep", "82"), 16)
        out_ep = int(endpoints.get("out_ep", "01"), 16)
    except ValueError:
        raise _malformed(url, "mã hãng và mã sản phẩm viết hệ 16, ví dụ usb://04b8:0202") from None
    if not (0 < vendor <= 0xFFFF and 0 < product <= 0xFFFF) or parts.path not in ("", "/"):
        raise _malformed(url, "mã hãng và mã sản phẩm viết hệ 16, ví dụ usb://04b8:0202")
    # Check before building: python-escpos's Usb raises from __del__ when pyusb is missing.
    if not Usb.is_usable():
        raise PrinterConfigError(USB_LIBRARY_MISSING)
    # pyusb takes milliseconds; python-escpos's default 0 waits forever on a hung printer.
    return Usb(vendor, product, timeout=max(1, int(timeout * 1000)), in_ep=in_ep, out_ep=out_ep)


def _serial(url: str, timeout: float) -> SerialPrinter:
    """Build a serial printer from ``serial:///dev/ttyUSB0?baudrate=9600``."""
    parts = urlsplit(url)
    options = _query(url, {"baudrate"})
    try:
        baudrate = int(options.get("baudrate", "9600"))
    except ValueError:
        raise _malformed(url, "baudrate phải là số") from None
    if not parts.path or parts.netloc or baudrate <= 0:
        raise _malformed(url)
    return SerialPrinter(parts.path, baudrate=baudrate, timeout=timeout)
