"""PDF pages with a Vietnamese font: the logbook, receipts, notices and case files (fpdf2).

The font is embedded (subset) with its Unicode map, so PDF readers and text extractors get
the Vietnamese letters back. Be Vietnam Pro and Noto Sans come from the PyPI font packages;
Debian's DejaVu Sans is the last resort.
"""

from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

from reception.cases.columns import FAMILY, fit_widths, wrap_words
from reception.characters import printable

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# The first line of each cell of a row that goes on from the page before.
CONTINUED = "(tiếp)"
# A row taller than a page starts on the current page only if this many lines fit there.
MIN_LINES_BEFORE_CUT = 3


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
        self.rows_on_page = 0
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
        self.rows_on_page = 0

    def draw_row(self, cells: list[list[str]]) -> None:
        """Draw one row, on this page when it fits, else cut across as many pages as needed."""
        height = max(len(lines) for lines in cells)
        # A cut row's first column (the number, in the logbook) shows again on each page.
        label = cells[0][:1] if cells and cells[0] != [""] else []
        # A row that fits a whole page moves to the next one, unless nothing but the
        # headings would stay behind (a page of headings alone helps no reader).
        if height > self._room() and height <= self._page_lines() and self.rows_on_page:
            self.new_page()
        while True:
            room = self._room()
            if room < min(height, MIN_LINES_BEFORE_CUT):
                self.new_page()
                room = max(1, self._room())
            if height <= room:
                self._draw(cells, height)
                self.rows_on_page += 1
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


def form_grid(document: Document, grid, widths: list[float], size: float = 8) -> None:
    """Draw one part of a report form (reception.cases.report_form.Grid): its title, its
    headings merged over the columns they cover, column numbers and rows of figures.

    The part starts on a new page when its headings and first row do not fit; rows that
    run past the page go on under the headings drawn again.
    """
    line = size * 0.5
    pad = Table.PAD
    margin = 2 * document.c_margin
    edges = [document.l_margin]
    for width in widths:
        edges.append(edges[-1] + width)

    def span(column: int, columns: int) -> float:
        return edges[column + columns] - edges[column]

    document.set_font(FAMILY, "B", size)
    wrapped = [wrap_words(document, printable(h.text), span(h.column, h.columns) - margin)
               for h in grid.headings]
    heights = [line + 2 * pad] * grid.heading_rows
    for heading, lines in zip(grid.headings, wrapped, strict=True):
        needed = len(lines) * line + 2 * pad
        if heading.rows == 1:
            heights[heading.row] = max(heights[heading.row], needed)
    for heading, lines in zip(grid.headings, wrapped, strict=True):
        covered = sum(heights[heading.row:heading.row + heading.rows])
        last = heading.row + heading.rows - 1
        heights[last] += max(0.0, len(lines) * line + 2 * pad - covered)
    numbers = [f"({column})" for column in range(1, grid.width + 1)] if grid.numbered else []
    block = sum(heights) + (line + 2 * pad if numbers else 0)

    def draw_headings() -> None:
        top = document.get_y()
        document.set_font(FAMILY, "B", size)
        document.set_fill_color(*Table.HEADING_FILL)
        for heading, lines in zip(grid.headings, wrapped, strict=True):
            y = top + sum(heights[:heading.row])
            height = sum(heights[heading.row:heading.row + heading.rows])
            width = span(heading.column, heading.columns)
            document.rect(edges[heading.column], y, width, height, style="DF")
            first = y + (height - len(lines) * line) / 2
            for number, text in enumerate(lines):
                document.set_xy(edges[heading.column], first + number * line)
                document.cell(width, line, text, align="C")
        document.set_y(top + sum(heights))
        if numbers:
            draw_row(numbers, italic=True)

    def draw_row(values: list, bold: bool = False, italic: bool = False) -> None:
        document.set_font(FAMILY, "B" if bold else "", size)
        texts = ["" if value is None else printable(str(value)) for value in values]
        cells = [wrap_words(document, text, width - margin)
                 for text, width in zip(texts, widths, strict=False)]
        height = max(len(lines) for lines in cells) * line + 2 * pad
        if document.get_y() + height > document.page_break_trigger:
            document.add_page()
            draw_headings()
        top = document.get_y()
        for column, lines in enumerate(cells):
            document.rect(edges[column], top, widths[column], height)
            for number, text in enumerate(lines):
                document.set_xy(edges[column], top + pad + number * line)
                document.cell(widths[column], line, text, align="L" if column == 0 and not
                              italic else "C")
        document.set_xy(document.l_margin, top + height)

    first_row = line * 2 + 2 * pad
    title = 6 if grid.title else 0
    if document.get_y() + title + block + first_row > document.page_break_trigger:
        document.add_page()
    if grid.title:
        document.line_of(grid.title, size=size + 1.5, bold=True, height=6)
    breaking = document.auto_page_break
    document.set_auto_page_break(False, margin=document.b_margin)
    try:
        draw_headings()
        for index, values in enumerate(grid.rows):
            draw_row(values, bold=index == 0 and grid.numbered)
    finally:
        document.set_auto_page_break(breaking, margin=document.b_margin)
    document.set_x(document.l_margin)
