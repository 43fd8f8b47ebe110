"""Printer errors with a Vietnamese ``message`` for the kiosk and the admin pages."""

import serial
from escpos import exceptions as escpos_exceptions

CANNOT_CONNECT = "Không kết nối được máy in"
NO_RESPONSE = "Máy in không phản hồi (quá thời gian chờ)"
CONNECTION_LOST = "Mất kết nối với máy in khi đang in"
SEND_FAILED = "Lỗi khi gửi dữ liệu tới máy in"
TOO_WIDE = "Phiếu in rộng hơn khổ giấy của máy in"
PRINTER_REFUSED = "Máy in từ chối lệnh in"


class PrinterConfigError(ValueError):
    """The printer address in the configuration is malformed or its driver is not installed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PrinterError(RuntimeError):
    """Printing failed: no connection, connection lost mid-job, or the printer stopped answering.

    ``message`` is Vietnamese for people; ``detail`` is the underlying error for the log.
    """

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message if detail is None else f"{message}: {detail}")
        self.message = message
        self.detail = detail


#: Errors raised while talking to a printer, which printer_error_from() translates.
TRANSPORT_ERRORS = (OSError, escpos_exceptions.Error)


def printer_error_from(exc: BaseException) -> PrinterError:
    """Translate an error from the socket, serial port or python-escpos into a PrinterError."""
    if isinstance(exc, PrinterError):
        return exc
    if isinstance(exc, escpos_exceptions.DeviceNotFoundError):
        message = CANNOT_CONNECT
    elif isinstance(exc, TimeoutError | serial.SerialTimeoutException):
        message = NO_RESPONSE
    elif isinstance(exc, ConnectionError):
        # Refused before the job, or reset / broken pipe while it was being sent.
        message = CANNOT_CONNECT if isinstance(exc, ConnectionRefusedError) else CONNECTION_LOST
    elif isinstance(exc, escpos_exceptions.ImageWidthError):
        message = TOO_WIDE
    elif isinstance(exc, escpos_exceptions.Error):
        message = PRINTER_REFUSED
    else:
        message = SEND_FAILED
    return PrinterError(message, f"{type(exc).__name__}: {exc}")
