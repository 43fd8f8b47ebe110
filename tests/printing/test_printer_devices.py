"""Tests for the printer factory and its network, serial, USB and CUPS backends."""

import gc
import os
import select
import threading
import time
from types import SimpleNamespace

import escpos.printer.usb as escpos_usb
import pytest
from escpos.printer import CupsPrinter, Dummy, Usb
from PIL import Image

from reception.printing.backends import NetworkPrinter, SerialPrinter
from reception.printing.devices import open_printer
from reception.printing.errors import (
    CANNOT_CONNECT,
    CONNECTION_LOST,
    NO_RESPONSE,
    PrinterConfigError,
    PrinterError,
)
from reception.printing.jobs import print_image, print_ticket, print_ticket_at

CUT = b"\x1dV\x00"


def expected_bytes(ticket, width=576) -> bytes:
    """Return the bytes python-escpos's Dummy printer records for the ticket."""
    printer = Dummy()
    print_ticket(printer, ticket, width)
    return printer.output


@pytest.mark.parametrize(
    "url",
    [
        "",
        "lpt1",
        "ftp://printer",
        "file:",
        "file://host/phieu",
        "network://",
        "network://10.0.0.5:99999",
        "network://10.0.0.5:9100/queue",
        "usb://04b8",
        "usb://epson:0202",
        "usb://04b8:0202:01",
        "usb://04b8:0202?in_ep=zz",
        "usb://04b8:0202?speed=1",
        "serial://",
        "serial:///dev/ttyUSB0?baudrate=fast",
        "serial:///dev/ttyUSB0?speed=9600",
        "cups:",
    ],
)
def test_malformed_address_is_a_config_error_in_vietnamese(url):
    with pytest.raises(PrinterConfigError) as error:
        open_printer(url)
    assert error.value.message.startswith("Địa chỉ máy in không hợp lệ")
    assert isinstance(error.value, ValueError)


def test_none_means_no_printer():
    assert open_printer(" none ") is None


@pytest.mark.skipif(Usb.is_usable(), reason="pyusb is installed here")
def test_usb_without_pyusb_asks_for_the_usb_libraries():
    with pytest.raises(PrinterConfigError) as error:
        open_printer("usb://04b8:0202")
    assert "libusb-1.0-0" in error.value.message
    assert "pyusb" in error.value.message


def test_usb_without_libusb_asks_for_libusb(monkeypatch):
    class NoBackendError(ValueError):
        """What pyusb raises from usb.core.find() when no libusb is installed."""

    def find(**criteria):
        raise NoBackendError("No backend available")

    fake_usb = SimpleNamespace(
        core=SimpleNamespace(find=find, USBError=OSError),
        util=SimpleNamespace(dispose_resources=lambda device: None),
    )
    monkeypatch.setattr(escpos_usb, "usb", fake_usb, raising=False)
    monkeypatch.setattr(escpos_usb, "_DEP_USB", True)
    with pytest.raises(PrinterConfigError) as error:
        open_printer("usb://04b8:0202?in_ep=81&out_ep=03")
    message = error.value.message
    # Drop the failed printer while the fake pyusb is still in place: its __del__ needs it.
    del error
    gc.collect()
    assert "libusb-1.0-0" in message


@pytest.mark.skipif(CupsPrinter.is_usable(), reason="pycups is installed here")
def test_cups_without_pycups_asks_for_pycups():
    with pytest.raises(PrinterConfigError) as error:
        open_printer("cups:VeTiepDan")
    assert "pycups" in error.value.message


def test_network_printer_receives_the_whole_ticket(fake_printer, make_ticket):
    listener = fake_printer()
    ticket = make_ticket()
    assert print_ticket_at(listener.url, ticket, 576, timeout=2) is True
    assert listener.connection_ended.wait(5)
    assert bytes(listener.received) == expected_bytes(ticket)
    assert b"\x1dv0" in listener.received and listener.received.endswith(CUT)


def test_network_printer_that_refuses_the_connection(closed_port, make_ticket):
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        print_ticket_at(f"network://127.0.0.1:{closed_port}", make_ticket(), timeout=1)
    assert error.value.message.startswith(CANNOT_CONNECT)
    assert time.monotonic() - started < 1


def test_network_printer_that_drops_the_connection_mid_ticket(fake_printer, make_ticket):
    ticket = make_ticket()
    listener = fake_printer(reset_after=4096, receive_buffer=4096)
    # The ticket is larger than everything the kernels can buffer (Linux doubles both sizes),
    # so the printer hangs up while the job is still being sent.
    assert len(expected_bytes(ticket)) > 2 * NetworkPrinter.SEND_BUFFER + 2 * 4096 + 4096
    with pytest.raises(PrinterError) as error:
        print_ticket_at(listener.url, ticket, timeout=2)
    assert error.value.message == CONNECTION_LOST
    assert listener.connection_ended.wait(5)


def test_network_printer_that_stops_reading_times_out(fake_printer, make_ticket):
    listener = fake_printer(stall=True, receive_buffer=4096)
    started = time.monotonic()
    with pytest.raises(PrinterError) as error:
        print_ticket_at(listener.url, make_ticket(), timeout=0.5)
    elapsed = time.monotonic() - started
    assert error.value.message == NO_RESPONSE
    assert 0.5 <= elapsed < 2


class PtyReader:
    """Read everything written to the slave end of a pty, in a thread, from its master end."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.path = os.ttyname(self.slave)
        self.data = bytearray()
        self.changed = threading.Condition()
        self._stop_read, self._stop_write = os.pipe()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self.master, self._stop_read], [], [])
            if self._stop_read in ready:
                return
            chunk = os.read(self.master, 65536)
            with self.changed:
                self.data += chunk
                self.changed.notify_all()

    def wait_for(self, predicate, timeout: float) -> bool:
        """Wait until predicate(data) holds."""
        with self.changed:
            return self.changed.wait_for(lambda: predicate(bytes(self.data)), timeout)

    def close(self) -> None:
        os.write(self._stop_write, b"x")
        self._thread.join(timeout=5)
        for fd in (self.master, self.slave, self._stop_read, self._stop_write):
            os.close(fd)


@pytest.fixture
def pty_reader():
    """Return a pty whose slave stands in for a serial printer port."""
    reader = PtyReader()
    yield reader
    reader.close()


def test_serial_printer_receives_the_whole_ticket(pty_reader, make_ticket):
    ticket = make_ticket()
    expected = expected_bytes(ticket)
    url = f"serial://{pty_reader.path}?baudrate=9600"
    assert print_ticket_at(url, ticket, 576, timeout=2) is True
    assert pty_reader.wait_for(lambda data: len(data) >= len(expected), timeout=5)
    assert bytes(pty_reader.data) == expected
    assert b"\x1dv0" in pty_reader.data and pty_reader.data.endswith(CUT)


def test_serial_printer_that_stops_reading_times_out():
    master, slave = os.openpty()  # nobody reads the master: the pty buffer (~64 KiB) fills up
    try:
        printer = open_printer(f"serial://{os.ttyname(slave)}?baudrate=9600", timeout=0.5)
        started = time.monotonic()
        with pytest.raises(PrinterError) as error:
            print_image(printer, Image.new("1", (576, 2400), 0))  # 173 KiB of raster data
        elapsed = time.monotonic() - started
        printer.close()
    finally:
        os.close(master)
        os.close(slave)
    assert error.value.message == NO_RESPONSE
    assert 0.5 <= elapsed < 2


def test_serial_port_gets_a_write_timeout(pty_reader):
    printer = open_printer(f"serial://{pty_reader.path}?baudrate=19200", timeout=1.5)
    try:
        assert isinstance(printer, SerialPrinter)
        assert printer.device.baudrate == 19200
        assert printer.device.write_timeout == 1.5
    finally:
        printer.close()


def test_missing_serial_port_cannot_connect():
    with pytest.raises(PrinterError) as error:
        open_printer("serial:///dev/ttyNOPRINTER0")
    assert error.value.message.startswith(CANNOT_CONNECT)
