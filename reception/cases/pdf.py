"""PDF pages with a Vietnamese font: the logbook, receipts, notices and case files (fpdf2).

The font is embedded (subset) with its Unicode map, so PDF readers and text extractors get
the Vietnamese letters back. Be Vietnam Pro and Noto Sans come from the PyPI font packages;
Debian's DejaVu Sans is the last resort.
"""

from functools import lru_cache
from pathlib import Path

from fpdf import FPDF

FAMILY = "vn"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


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
        """Write one wrapped paragraph across the page."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def grid(self, headings: list[str], rows: list[list], widths: list[float],
             size: float = 8) -> None:
        """Draw a table with wrapped cells whose headings repeat on every page."""
        self.set_font(FAMILY, size=size)
        with self.table(col_widths=widths, text_align="LEFT", line_height=size * 0.5,
                        repeat_headings=1, v_align="TOP",
                        headings_style=_heading_style(size)) as table:
            heading = table.row()
            for title in headings:
                heading.cell(title)
            for values in rows:
                line = table.row()
                for value in values:
                    line.cell("" if value is None else str(value))

    def state_header(self, org_name: str) -> None:
        """Write the national motto beside the organisation's name, as official papers do."""
        top = self.get_y()
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.set_font(FAMILY, "B", 10)
        self.multi_cell(half, 5, org_name.upper(), align="C", new_x="RIGHT", new_y="TOP")
        self.set_xy(self.l_margin + half, top)
        self.multi_cell(half, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc",
                        align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(6)

    def bytes(self) -> bytes:
        """Return the finished PDF."""
        return bytes(self.output())


def _heading_style(size: float):
    from fpdf.fonts import FontFace

    return FontFace(family=FAMILY, emphasis="BOLD", size_pt=size, fill_color=(230, 230, 230))
