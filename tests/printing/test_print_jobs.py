"""Tests for print jobs on python-escpos's Dummy printer and on the file backend."""

from escpos.printer import Dummy
from PIL import Image

from reception.printing.backends import FilePrinter
from reception.printing.jobs import print_image, print_test_page, print_ticket, print_ticket_at
from reception.printing.render import render_ticket

INIT = b"\x1b@"
FEED_AND_CUT = b"\x1bd\x06\x1dV\x00"  # ESC d 6, GS V 0


def output_width(data: bytes) -> int:
    """Return the width in dots announced by the first GS v 0 header."""
    start = data.index(b"\x1dv0")
    return 8 * (data[start + 4] + 256 * data[start + 5])


def test_ticket_is_sent_as_raster_image_then_cut(make_ticket, decode_raster):
    ticket = make_ticket()
    printer = Dummy()
    print_ticket(printer, ticket, 576)
    output = printer.output
    assert output.startswith(INIT + b"\x1dv0")
    assert output.endswith(FEED_AND_CUT)
    decoded = decode_raster(output)
    rendered = render_ticket(ticket, 576)
    assert decoded.size == rendered.size
    assert decoded.tobytes() == rendered.tobytes()


def test_58mm_ticket_raster_is_384_dots_wide(make_ticket, decode_raster):
    printer = Dummy()
    print_ticket(printer, make_ticket(), 384)
    assert output_width(printer.output) == 384
    assert decode_raster(printer.output).tobytes() == render_ticket(make_ticket(), 384).tobytes()


def test_image_without_cut_only_feeds(decode_raster):
    image = Image.new("1", (576, 40), 1)
    printer = Dummy()
    print_image(printer, image, cut=False)
    assert b"\x1dV" not in printer.output
    assert printer.output.endswith(b"\x1bd\x06")
    assert decode_raster(printer.output).tobytes() == image.tobytes()


def test_image_with_unknown_paper_width_prints_no_warning(capsys):
    print_image(Dummy(), Image.new("1", (576, 8), 1))
    assert capsys.readouterr().out == ""


def test_test_page_is_printed_as_raster(decode_raster):
    printer = Dummy()
    print_test_page(printer, "Máy in quầy 1", 384)
    assert printer.output.endswith(FEED_AND_CUT)
    assert decode_raster(printer.output).width == 384


def test_file_backend_writes_the_bytes_and_a_preview(make_ticket, tmp_path):
    ticket = make_ticket()
    folder = tmp_path / "phieu"
    assert print_ticket_at(f"file:{folder}", ticket, 576) is True
    expected = Dummy()
    print_ticket(expected, ticket, 576)
    (job,) = folder.glob("*.bin")
    assert job.read_bytes() == expected.output
    with Image.open(job.with_suffix(".png")) as preview:
        assert preview.convert("1").tobytes() == render_ticket(ticket, 576).tobytes()


def test_file_printer_names_jobs_without_overwriting(tmp_path):
    printer = FilePrinter(tmp_path)
    print_image(printer, Image.new("1", (384, 8), 1))
    first = printer.save("phieu-015")
    print_image(printer, Image.new("1", (384, 8), 0))
    second = printer.save("phieu-015")
    assert (first.name, second.name) == ("phieu-015.bin", "phieu-015-1.bin")
    assert printer.save() is None  # nothing left to write
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "phieu-015-1.bin",
        "phieu-015-1.png",
        "phieu-015.bin",
        "phieu-015.png",
    ]


def test_printing_switched_off_prints_nothing(make_ticket):
    assert print_ticket_at("none", make_ticket()) is False
