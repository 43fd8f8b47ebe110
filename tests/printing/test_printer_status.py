"""Tests for reading printer status with DLE EOT against a fake network printer."""

import time

import pytest

from reception.printing.status import PrinterStatus, read_status

ONLINE, OFFLINE = 0x12, 0x1A  # DLE EOT 1: bit 3 set = offline
COVER_OPEN = 0x16  # DLE EOT 2: bit 2 = cover open
PAPER_OK, NEAR_END, PAPER_OUT = 0x12, 0x1E, 0x72  # DLE EOT 4: bits 2-3 near end, 5-6 out


@pytest.mark.parametrize(
    ("sensor", "expected"),
    [
        (PAPER_OK, PrinterStatus(True, "ok", None)),
        (NEAR_END, PrinterStatus(True, "near_end", None)),
        (PAPER_OUT, PrinterStatus(True, "out", "Máy in đã hết giấy")),
    ],
)
def test_online_printer_reports_its_paper(fake_printer, sensor, expected):
    listener = fake_printer(replies={1: ONLINE, 4: sensor})
    assert read_status(listener.url, timeout=2) == expected
    assert listener.requests == [1, 4]


def test_offline_printer_says_why(fake_printer):
    listener = fake_printer(replies={1: OFFLINE, 2: COVER_OPEN, 4: PAPER_OK})
    assert read_status(listener.url, timeout=2) == PrinterStatus(False, "ok", "Nắp máy in đang mở")
    assert listener.requests == [1, 4, 2]


def test_silent_printer_is_offline_after_the_timeout(fake_printer):
    listener = fake_printer()
    started = time.monotonic()
    status = read_status(listener.url, timeout=0.3)
    elapsed = time.monotonic() - started
    assert status == PrinterStatus(False, "unknown", "Máy in không trả lời")
    assert 0.3 <= elapsed < 1.5


def test_garbage_reply_is_not_taken_for_a_status(fake_printer):
    listener = fake_printer(replies={1: 0xFF})
    assert read_status(listener.url, timeout=0.3).online is False


def test_unreachable_printer_is_offline(closed_port):
    status = read_status(f"network://127.0.0.1:{closed_port}", timeout=1)
    assert status.online is False
    assert status.error.startswith("Không kết nối được máy in")


def test_no_printer_configured():
    assert read_status("none") == PrinterStatus(False, "unknown", "Chưa cấu hình máy in")


def test_file_printer_is_always_ready(tmp_path):
    assert read_status(f"file:{tmp_path}") == PrinterStatus(True, "ok", None)
