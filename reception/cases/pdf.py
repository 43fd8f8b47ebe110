"""PDF pages with a Vietnamese font: the logbook, receipts, notices and case files (fpdf2).

The font is embedded (subset) with its Unicode map, so PDF readers and text extractors get
the Vietnamese letters back. Be Vietnam Pro and Noto Sans come from the PyPI font packages;
Debian's DejaVu Sans is the last resort.
"""

from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from reception.characters import printable

FAMILY = "vn"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# The first line of each cell of a row that goes on from the page before.
CONTINUED = "(tiếp)"
# A row taller than a page starts on the current page only if this many lines fit there.
MIN_LINES_BEFORE_CUT = 3
# Share of the page width one column may claim for a single word (longer words are cut) and
# for its natural (unwrapped) width when columns are fitted to their content.
WORD_SHARE = 0.25
NATURAL_SHARE = 0.35


class FontMissingError(RuntimeError):
    """No TrueType font with Vietnamese letters is installed."""


@lru_cache(maxsize=1)
def font_files() -> tuple[str, str]:
    """Return the (regular, bold) font file paths with every Vietnamese letter."""
    try:
        import fontpkg
        from fontpkg.errors import FontpkgError
    except ImportError:
        fontpkg = None
    if fontpkg is not None:
        for family in ("Be Vietnam Pro", "Noto Sans"):
            try:
                return str(fontpkg.path(family, 400)), str(fontpkg.path(family, 700))
            except (FontpkgError, OSError):
                continue
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        return str(regular), str(bold)
    raise FontMissingError(
        "Không tìm thấy phông chữ tiếng Việt để xuất PDF. Cài gói Python fontpkg-be-vietnam-pro "
        "hoặc gói Debian fonts-dejavu-core."
    )


class Document(FPDF):
    """An A4 page set with the Vietnamese font and numbered pages."""

    def __init__(self, landscape: bool = False, footer_text: str = ""):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        regular, bold = font_files()
        self.add_font(FAMILY, "", regular)
        self.add_font(FAMILY, "B", bold)
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=14)
        self.footer_text = footer_text
        self.alias_nb_pages()
        self.add_page()
        self.set_font(FAMILY, size=10)

    def footer(self):
        """Print the page number (and the document's footer text) at the bottom."""
        self.set_y(-10)
        self.set_font(FAMILY, size=7)
        self.cell(0, 5, f"{self.footer_text}   Trang {self.page_no()}/{{nb}}", align="R")

    def line_of(self, text: str, size: float = 10, bold: bool = False, align: str = "L",
                height: float = 6) -> None:
        """Write one wrapped paragraph across the page (it continues on the next pages)."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, height, printable(text), align=align, new_x="LMARGIN",
                        new_y="NEXT")

    def grid(self, headings: list[str], rows: list[list], widths: list[float] | None = None,
             size: float = 8, shares: list[float] | None = None) -> None:
        """Draw a table with wrapped cells whose headings repeat on every page.

        A row too tall for the rest of the page moves to the next one; a row taller than a
        whole page is cut between lines and goes on under the repeated headings, its cut
        cells starting with CONTINUED.

        Lines break only between words: a date, a case code or a number never splits (fpdf's
        own wrapping also breaks after hyphens, "HS-2026-|000001").

        :param widths: relative column widths, shared out over the page's width; without
            them the widths follow the content (fit_widths, with these shares of any room
            left over).
        """
        headings = [printable(str(title)) for title in headings]
        texts = [["" if value is None else printable(value) for value in values]
                 for values in rows]
        if widths is None:
            widths = fit_widths(self, headings, texts, size, shares)
        scale = self.epw / sum(widths)
        table = Table(self, [width * scale for width in widths], size)
        table.headings = table.wrap(headings, bold=True)
        breaking = self.auto_page_break
        self.set_auto_page_break(False, margin=self.b_margin)
        try:
            table.draw_headings()
            for values in texts:
                table.draw_row(table.wrap(values))
        finally:
            self.set_auto_page_break(breaking, margin=self.b_margin)
        self.set_x(self.l_margin)

    def state_header(self, org_name: str) -> None:
        """Write the national motto beside the organisation's name, as official papers do."""
        top = self.get_y()
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.set_font(FAMILY, "B", 10)
        self.multi_cell(half, 5, printable(org_name).upper(), align="C", new_x="RIGHT",
                        new_y="TOP")
        self.set_xy(self.l_margin + half, top)
        self.multi_cell(half, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc",
                        align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(6)

    def bytes(self) -> bytes:
        """Return the finished PDF."""
        return bytes(self.output())


class Table:
    """Lays out one grid of a Document: wraps cells into lines and cuts rows at page ends."""

    PAD = 1.0  # millimetres above and below the lines of a cell
    HEADING_FILL = (230, 230, 230)

    def __init__(self, document: Document, widths: list[float], size: float):
        self.document = document
        self.widths = widths
        self.size = size
        self.line_height = size * 0.5
        self.headings: list[list[str]] = []
        self.continued = self.wrap([CONTINUED] * len(widths))

    def wrap(self, texts: list[str], bold: bool = False) -> list[list[str]]:
        """Return each cell's text cut into the lines its column holds."""
        self.document.set_font(FAMILY, "B" if bold else "", self.size)
        margin = 2 * self.document.c_margin
        return [wrap_words(self.document, text, width - margin) or [""]
                for width, text in zip(self.widths, texts, strict=False)]

    def _room(self) -> int:
        """Return how many lines of a row fit between here and the bottom margin."""
        space = self.document.page_break_trigger - self.document.get_y() - 2 * self.PAD
        return max(0, int(space // self.line_height + 1e-6))

    def _page_lines(self) -> int:
        """Return how many lines of a row fit on a new page below the headings."""
        heading = max(len(lines) for lines in self.headings) * self.line_height + 2 * self.PAD
        space = (self.document.page_break_trigger - self.document.t_margin - heading
                 - 2 * self.PAD)
        return max(1, int(space // self.line_height + 1e-6))

    def new_page(self) -> None:
        """Go on to a new page and repeat the headings there."""
        self.document.add_page()
        self.draw_headings()

    def draw_headings(self) -> None:
        """Draw the heading row, shaded and bold."""
        self._draw(self.headings, max(len(lines) for lines in self.headings), heading=True)

    def draw_row(self, cells: list[list[str]]) -> None:
        """Draw one row, on this page when it fits, else cut across as many pages as needed."""
        height = max(len(lines) for lines in cells)
        # A cut row's first column (the number, in the logbook) shows again on each page.
        label = cells[0][:1] if cells and cells[0] != [""] else []
        if height > self._room() and height <= self._page_lines():
            self.new_page()
        while True:
            room = self._room()
            if room < min(height, MIN_LINES_BEFORE_CUT):
                self.new_page()
                room = max(1, self._room())
            if height <= room:
                self._draw(cells, height)
                return
            self._draw([lines[:room] for lines in cells], room)
            cells = [[*marker, *lines[room:]] if lines[room:] else []
                     for marker, lines in zip(self.continued, cells, strict=False)]
            if label and not cells[0]:
                fits = len(self.continued[0]) == 1  # too narrow a column: the number only
                cells[0] = [*label, *(self.continued[0] if fits else [])]
            height = max(len(lines) for lines in cells)
            self.new_page()

    def _draw(self, cells: list[list[str]], height: int, heading: bool = False) -> None:
        document = self.document
        document.set_font(FAMILY, "B" if heading else "", self.size)
        top, x = document.get_y(), document.l_margin
        box = height * self.line_height + 2 * self.PAD
        if heading:
            document.set_fill_color(*self.HEADING_FILL)
        for width, lines in zip(self.widths, cells, strict=False):
            document.rect(x, top, width, box, style="DF" if heading else "D")
            for number, line in enumerate(lines[:height]):
                document.set_xy(x, top + self.PAD + number * self.line_height)
                document.cell(width, self.line_height, line)
            x += width
        document.set_xy(document.l_margin, top + box)


def wrap_words(document: FPDF, text: str, width: float) -> list[str]:
    """Return text cut into lines of at most width (mm, current font) between words only.

    A word wider than a whole line is the one thing cut inside, character by character.
    """
    measure = document.get_string_width
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            size = measure(word)
            if line and used + space + size <= width:
                line, used = f"{line} {word}", used + space + size
                continue
            if line:
                lines.append(line)
            while size > width and len(word) > 1:
                cut = _fitting_prefix(measure, word, width)
                lines.append(word[:cut])
                word = word[cut:]
                size = measure(word)
            line, used = word, size
        lines.append(line)
    return lines


def _fitting_prefix(measure, word: str, width: float) -> int:
    """Return how many leading characters of word fit in width (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def fit_widths(document: FPDF, headings: list[str], rows: list[list[str]], size: float,
               shares: list[float] | None = None) -> list[float]:
    """Return column widths (mm, summing to the page's width) that follow the content.

    Each column gets at least its longest word (headings in bold included), so no date,
    code or number is cut; the rest of the page goes to the columns in proportion to how
    much their unwrapped text exceeds that minimum (as HTML's automatic table layout does)
    and by shares (equal without them); when everything fits unwrapped, what is left over
    goes by shares.
    A heading asks for a third of its length (it may wrap on three lines).
    """
    page = document.epw
    margin = 2 * document.c_margin + 0.2
    longest_word = [0.0] * len(headings)
    natural = [0.0] * len(headings)
    document.set_font(FAMILY, "B", size)
    for column, title in enumerate(headings):
        longest_word[column] = max((document.get_string_width(word) for word in title.split()),
                                   default=0.0)
        natural[column] = document.get_string_width(title) / 3
    document.set_font(FAMILY, "", size)
    measure = document.get_string_width
    for values in rows:
        for column, text in enumerate(values[:len(headings)]):
            for paragraph in text.split("\n"):
                words = paragraph.split()
                if not words:
                    continue
                widths = [measure(word) for word in words]
                longest_word[column] = max(longest_word[column], max(widths))
                natural[column] = max(natural[column],
                                      sum(widths) + measure(" ") * (len(words) - 1))
    least = [min(word + margin, page * WORD_SHARE) for word in longest_word]
    wanted = [max(low, min(full + margin, page * NATURAL_SHARE))
              for low, full in zip(least, natural, strict=True)]
    if sum(least) >= page:
        return least
    if sum(wanted) <= page:
        shares = shares or [1.0] * len(wanted)
        spare = (page - sum(wanted)) / sum(shares)
        return [width + spare * share for width, share in zip(wanted, shares, strict=True)]
    # Half the room by need, half by the shares: a few long cells elsewhere do not leave
    # the main text column (the logbook's content) at its longest word.
    shares = shares or [1.0] * len(wanted)
    spare = page - sum(least)
    stretch = sum(want - low for want, low in zip(wanted, least, strict=True))
    return [low + spare / 2 * ((want - low) / stretch + share / sum(shares))
            for low, want, share in zip(least, wanted, shares, strict=True)]
