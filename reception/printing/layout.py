"""Page layout for thermal printouts: centred lines, bands, rules and pictures on 1-bit pages.

Text is drawn straight onto a 1-bit canvas: FreeType's monochrome rendering keeps strokes
crisp, where grey anti-aliasing would be dithered into speckles by the conversion to black
and white. Sizes are designed for 80 mm paper and scale with the page width.
"""

import unicodedata
from dataclasses import dataclass

import qrcode
from PIL import Image, ImageDraw, ImageFont

from reception.printing.fonts import load_font

#: Printable width in dots of 80 mm and 58 mm paper at 203 dpi.
WIDTH_80MM = 576
WIDTH_58MM = 384
MIN_WIDTH = 200
#: Smallest text in dots (2 mm at 203 dpi): smaller is hard to read on thermal paper.
MIN_TEXT_PX = 16
BLACK, WHITE = 0, 1
# Capitals with stacked marks rise above the font's ascent line; lines leave room for them.
TALLEST_LETTERS = "ỐẪỀỨẴ"


@dataclass(frozen=True)
class PlacedText:
    """One line of text and the origin it is drawn at (top-left of the font's ascent)."""

    text: str
    font: ImageFont.FreeTypeFont
    x: int
    y: int
    fill: int = BLACK

    @property
    def box(self) -> tuple[int, int, int, int]:
        """Return the inked box (left, top, right, bottom) on the page."""
        left, top, right, bottom = self.font.getbbox(self.text, mode="1")
        return self.x + left, self.y + top, self.x + right, self.y + bottom


@dataclass(frozen=True)
class Block:
    """A filled black rectangle: a rule or the background of an inverted band."""

    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Picture:
    """A 1-bit image pasted with its top-left corner at (x, y)."""

    image: Image.Image
    x: int
    y: int


@dataclass(frozen=True)
class PageLayout:
    """Everything drawn on one page, in drawing order."""

    width: int
    height: int
    items: tuple[PlacedText | Block | Picture, ...]

    def texts(self) -> list[PlacedText]:
        """Return the lines of text in the order they are drawn."""
        return [item for item in self.items if isinstance(item, PlacedText)]


class Column:
    """Stack centred lines, rules and pictures down a page whose sizes scale with its width."""

    def __init__(self, width: int) -> None:
        if width < MIN_WIDTH:
            raise ValueError(f"width_px must be at least {MIN_WIDTH}")
        self.width = width
        self.unit = width / WIDTH_80MM
        self.margin = self.px(16)
        self.inner = width - 2 * self.margin
        self.y = self.margin
        self.items: list[PlacedText | Block | Picture] = []

    def px(self, size: float) -> int:
        """Scale a size designed for 80 mm paper to this page."""
        return max(1, round(size * self.unit))

    def gap(self, size: float) -> None:
        """Leave vertical space."""
        self.y += self.px(size)

    def text(self, text: str, size: float, *, bold: bool = False, fill: int = BLACK) -> None:
        """Wrap text to the page width and add its lines, centred."""
        font = load_font(max(MIN_TEXT_PX, self.px(size)), bold)
        rise = max(0, -font.getbbox(TALLEST_LETTERS, mode="1")[1])
        ascent, descent = font.getmetrics()
        for line in wrap_text(text, font, self.inner):
            x = self.margin + round((self.inner - font.getlength(line)) / 2)
            self.items.append(PlacedText(line, font, x, self.y + rise, fill))
            self.y += rise + ascent + descent

    def band(self, text: str, size: float) -> None:
        """Add text in white on a black band, for marks a clerk must not miss."""
        pad = self.px(6)
        top, first = self.y, len(self.items)
        self.y += pad
        self.text(text, size, bold=True, fill=WHITE)
        self.y += pad
        # The band goes under the white text, so it is drawn first.
        self.items.insert(first, Block((self.margin, top, self.width - self.margin, self.y)))

    def number(self, number: str) -> None:
        """Add the ticket number, about a third of the page width tall."""
        number = nfc(number)
        probe = load_font(100, bold=True)
        left, top, right, bottom = probe.getbbox("0123456789", mode="1")
        size = round(100 * (self.width / 3) / (bottom - top))
        font = load_font(size, bold=True)
        while font.getlength(number) > self.inner and size > 10:
            size = int(size * self.inner / font.getlength(number))
            font = load_font(size, bold=True)
        left, top, right, bottom = font.getbbox(number, mode="1")
        x = self.margin + round((self.inner - (right - left)) / 2) - left
        self.items.append(PlacedText(number, font, x, self.y - top))
        self.y += bottom - top

    def rule(self) -> None:
        """Add a thin horizontal line across the printable width."""
        self.gap(8)
        self.items.append(Block((self.margin, self.y, self.width - self.margin, self.y + 2)))
        self.y += 2
        self.gap(8)

    def picture(self, image: Image.Image) -> None:
        """Add a 1-bit image, centred."""
        self.items.append(Picture(image, (self.width - image.width) // 2, self.y))
        self.y += image.height

    def finish(self, *, frame: bool = False) -> PageLayout:
        """Close the page; ``frame`` draws its left and right edges to show the printable width."""
        height = self.y + self.margin
        items = list(self.items)
        if frame:
            items += [Block((0, 0, 2, height)), Block((self.width - 2, 0, self.width, height))]
        return PageLayout(self.width, height, tuple(items))


def nfc(text: str) -> str:
    """Return text in Unicode NFC, the form the fonts map to precomposed Vietnamese letters."""
    return unicodedata.normalize("NFC", text)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Break text into lines no wider than max_width, at spaces where possible."""
    lines: list[str] = []
    for paragraph in nfc(text).splitlines():
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if font.getlength(candidate) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            # A word wider than the page (a long code or address) is cut between letters.
            while font.getlength(word) > max_width:
                cut = _fitting_prefix(word, font, max_width)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        if line:
            lines.append(line)
    return lines


def _fitting_prefix(word: str, font: ImageFont.FreeTypeFont, max_width: int) -> int:
    """Return how many leading letters of word fit in max_width (at least one)."""
    cut = 1
    while cut < len(word) and font.getlength(word[: cut + 1]) <= max_width:
        cut += 1
    return cut


def qr_image(data: str, size_px: int) -> Image.Image:
    """Return a 1-bit QR code of data, at most about size_px square, quiet zone included."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(nfc(data))
    code.make(fit=True)
    # Whole dots per module: a scaled QR code with uneven modules scans badly.
    code.box_size = max(3, size_px // (code.modules_count + 2 * code.border))
    return code.make_image().get_image().convert("1")


def draw_layout(layout: PageLayout) -> Image.Image:
    """Draw a laid-out page onto a white 1-bit image."""
    image = Image.new("1", (layout.width, layout.height), WHITE)
    draw = ImageDraw.Draw(image)
    for item in layout.items:
        if isinstance(item, Block):
            left, top, right, bottom = item.box
            draw.rectangle((left, top, right - 1, bottom - 1), fill=BLACK)
        elif isinstance(item, Picture):
            image.paste(item.image, (item.x, item.y))
        else:
            draw.text((item.x, item.y), item.text, font=item.font, fill=item.fill)
    return image
