"""Tests for drawing tickets and test pages: sizes, lines shown, and real Vietnamese glyphs."""

import unicodedata
from datetime import UTC, datetime

import pytest
import qrcode
from PIL import Image, ImageDraw, ImageFont

from reception.printing.fonts import load_font
from reception.printing.layout import Picture, wrap_text
from reception.printing.render import (
    TEST_SAMPLE,
    layout_test_page,
    layout_ticket,
    render_test_page,
    render_ticket,
)

VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
TRICKY_NAME = "Nguyễn Thị Ánh Tuyết – Đắk Song – ỐỨỰỄ"
# A private-use code point no font maps: it is drawn with the .notdef glyph.
UNMAPPED = "\U000f0000"


def strip_marks(text: str) -> str:
    """Return text without Vietnamese diacritics (đ becomes d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def draw_alone(char: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    """Draw one character on its own small canvas."""
    image = Image.new("1", (3 * font.size, 3 * font.size), 1)
    ImageDraw.Draw(image).text((font.size, font.size), char, font=font, fill=0)
    return image


@pytest.mark.parametrize("width", [384, 576])
def test_ticket_is_a_one_bit_image_as_wide_as_the_paper(make_ticket, width):
    image = render_ticket(make_ticket(), width)
    assert image.mode == "1"
    assert image.width == width
    assert image.height > width  # a ticket is a strip, taller than wide


@pytest.mark.parametrize("width", [384, 576])
def test_test_page_is_as_wide_as_the_paper(width):
    printed_at = datetime(2026, 11, 28, 2, 5, tzinfo=UTC)
    image = render_test_page("Máy in quầy 1", width, printed_at)
    assert (image.mode, image.width) == ("1", width)
    texts = [line.text for line in layout_test_page("Máy in quầy 1", width, printed_at).texts()]
    assert TEST_SAMPLE in texts


@pytest.mark.parametrize("width", [384, 576])
def test_number_is_about_a_third_of_the_width_tall(make_ticket, width):
    number_line = next(t for t in layout_ticket(make_ticket(), width).texts() if t.text == "015")
    left, top, right, bottom = number_line.box
    assert 0.28 * width <= bottom - top <= 0.36 * width
    assert left >= 0 and right <= width


def test_long_number_is_shrunk_to_fit(make_ticket):
    number_line = next(
        t for t in layout_ticket(make_ticket(number="A1015"), 384).texts() if t.text == "A1015"
    )
    left, _, right, _ = number_line.box
    assert 0 <= left and right <= 384


def test_ticket_lines(make_ticket):
    ticket = make_ticket(party_size=12, is_group=True, ahead=4, estimated_wait_minutes=95)
    texts = [line.text for line in layout_ticket(ticket).texts()]
    for expected in (
        "PHIẾU SỐ THỨ TỰ",
        "015",
        "Số người: 12",
        "Đoàn đông người",
        "Ưu tiên: Người cao tuổi",
        "Ngày 28/11/2026 lúc 09:05",
        "Số người đang chờ trước bạn: 4",
        "Thời gian chờ dự kiến: khoảng 1 giờ 35 phút",
    ):
        assert expected in texts


def test_plain_ticket_prints_no_matter_group_or_priority(make_ticket):
    ticket = make_ticket(priority_label=None, is_group=False)
    texts = " ".join(line.text for line in layout_ticket(ticket).texts())
    assert "Nội dung" not in texts
    assert "Khiếu nại" not in texts
    assert "Ưu tiên" not in texts
    assert "Đoàn" not in texts


def test_decomposed_input_draws_the_same_as_precomposed(make_ticket):
    composed = make_ticket(org_name=TRICKY_NAME)
    decomposed = make_ticket(org_name=unicodedata.normalize("NFD", TRICKY_NAME))
    assert render_ticket(decomposed).tobytes() == render_ticket(composed).tobytes()


@pytest.mark.parametrize("width", [384, 576])
def test_org_name_pixels_are_those_of_the_font_with_its_diacritics(make_ticket, width):
    ticket = make_ticket(org_name=TRICKY_NAME)
    image = render_ticket(ticket, width)
    texts = layout_ticket(ticket, width).texts()
    # The name may wrap: it is drawn as the first lines of the ticket.
    count = next(n for n in range(1, 5) if " ".join(t.text for t in texts[:n]) == TRICKY_NAME)
    for line in texts[:count]:
        font = ImageFont.truetype(line.font.path, line.font.size)
        direct = Image.new("1", image.size, 1)
        ImageDraw.Draw(direct).text((line.x, line.y), line.text, font=font, fill=0)
        bare = Image.new("1", image.size, 1)
        ImageDraw.Draw(bare).text((line.x, line.y), strip_marks(line.text), font=font, fill=0)
        box = line.box
        drawn = image.crop(box).tobytes()
        assert drawn == direct.crop(box).tobytes()
        assert drawn != bare.crop(box).tobytes()
        # Both black and white inside the box: ink on paper, not an empty box.
        assert image.crop(box).convert("L").getextrema() == (0, 255)


@pytest.mark.parametrize("bold", [False, True])
def test_font_has_a_real_glyph_for_every_vietnamese_letter(bold):
    font = load_font(32, bold)
    notdef = draw_alone(UNMAPPED, font).tobytes()
    missing = [
        char
        for char in VIETNAMESE
        if font.getmask(char).getbbox() is None or draw_alone(char, font).tobytes() == notdef
    ]
    assert missing == []


def test_naive_issue_time_is_refused(make_ticket):
    with pytest.raises(ValueError, match="timezone-aware"):
        make_ticket(issued_at=datetime(2026, 11, 28, 9, 5))


@pytest.mark.parametrize("width", [384, 576])
def test_qr_code_modules_are_at_least_four_dots(make_ticket, width):
    ticket = make_ticket()
    (picture,) = [item for item in layout_ticket(ticket, width).items if isinstance(item, Picture)]
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(ticket.status_url)
    code.make(fit=True)
    assert picture.image.width // (code.modules_count + 8) >= 4
    assert picture.image.width <= width


def test_word_wider_than_the_page_is_cut_between_letters():
    font = load_font(24)
    word = "https://tiepcongdan.example/phieu/015?ma=" + "8F3K2Q" * 20
    lines = wrap_text(f"Xem {word} nhé", font, 300)
    assert lines[0] == "Xem"
    assert "".join(lines[1:]) == f"{word} nhé"
    assert all(font.getlength(line) <= 300 for line in lines)
