"""Spreadsheet layout that prints as it is: fonts, row heights, titles and A4 page set-up.

openpyxl stores no computed row heights and LibreOffice Calc does not grow a row for wrapped
text it did not lay out itself, so every row's height is worked out here from its text and
its columns' widths, on the safe side (a row a little tall rather than text overprinted).
Times New Roman is the font of Vietnamese official papers (Nghị định 30/2020/NĐ-CP); Calc
renders it as the metric-compatible Liberation Serif where it is missing.
"""

import math
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reception.characters import printable

FONT_NAME = "Times New Roman"
FONT_SIZE = 10
# Points per printed line of FONT_SIZE text, and the padding of a row above and below it.
LINE_POINTS = 13.0
ROW_PADDING = 4.0
# The tallest row Excel accepts (points); a taller cell's text is cut off in print there.
MOST_POINTS = 409.0
# Characters of FONT_SIZE Times per unit of column width (the width of "0" in the default
# Calibri 11), kept low: Times is narrower, but capitals and Calc's own margins are not.
CHARACTERS_PER_UNIT = 1.1
BOLD_CHARACTERS_PER_UNIT = 1.0
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADING_FILL = PatternFill("solid", fgColor="E6E6E6")


def font(bold: bool = False, size: float = FONT_SIZE, italic: bool = False) -> Font:
    """Return the sheets' font."""
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic)


def plain(value):
    """Return a value a spreadsheet cell can hold: text without control characters."""
    return printable(value) if isinstance(value, str) else value


def text_cell(sheet: Worksheet, row: int, column: int, value, bold: bool = False):
    """Write a value into a cell as data: text starting with "=" stays text, not a formula."""
    cell = sheet.cell(row=row, column=column, value=plain(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    cell.font = font(bold)
    return cell


def body_cell(sheet: Worksheet, row: int, column: int, value, bold: bool = False,
              center: bool = False):
    """Write a boxed, wrapped table cell (one named style per look: thousands of rows
    styled one attribute at a time took seconds)."""
    cell = sheet.cell(row=row, column=column, value=plain(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    cell.style = _body_style(sheet.parent, bold, center)
    return cell


def _body_style(workbook: Workbook, bold: bool, center: bool) -> str:
    """Return the name of the workbook's style for table cells, adding it the first time."""
    name = f"Bảng{' đậm' if bold else ''}{' giữa' if center else ''}"
    if name not in workbook.named_styles:
        style = NamedStyle(name=name, font=font(bold), border=BOX, alignment=Alignment(
            wrap_text=True, vertical="center" if center else "top",
            horizontal="center" if center else "left"))
        workbook.add_named_style(style)
    return name


def heading_cell(sheet: Worksheet, row: int, column: int, value, rows: int = 1,
                 columns: int = 1):
    """Write a shaded, bold, centred heading cell merged over rows × columns."""
    for line in range(row, row + rows):
        for place in range(column, column + columns):
            sheet.cell(row=line, column=place).border = BOX
            sheet.cell(row=line, column=place).fill = HEADING_FILL
    cell = body_cell(sheet, row, column, value, bold=True, center=True)
    cell.fill = HEADING_FILL
    if rows > 1 or columns > 1:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + rows - 1,
                          end_column=column + columns - 1)
    return cell


def title(sheet: Worksheet, row: int, text: str, columns: int, size: float = FONT_SIZE,
          bold: bool = True, first_column: int = 1, italic: bool = False,
          align: str = "center") -> None:
    """Write a line centred (or aligned) over `columns` columns (merged) from first_column."""
    cell = text_cell(sheet, row, first_column, text)
    cell.font = font(bold, size, italic)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=first_column, end_row=row,
                          end_column=first_column + columns - 1)
    needed = lines_needed(text, merged_width(sheet, first_column, columns), bold)
    sheet.row_dimensions[row].height = needed * LINE_POINTS * size / FONT_SIZE + ROW_PADDING


def merged_width(sheet: Worksheet, first_column: int, columns: int) -> float:
    """Return the width (units) of columns first_column .. first_column + columns - 1."""
    return sum(column_width(sheet, place) for place in range(first_column,
                                                             first_column + columns))


def column_width(sheet: Worksheet, column: int) -> float:
    """Return a column's width in units (openpyxl's default when none was set)."""
    return sheet.column_dimensions[get_column_letter(column)].width or 13.0


def lines_needed(text, width: float, bold: bool = False) -> int:
    """Return how many lines text wraps into (between words) in a column of `width` units."""
    if text is None or text == "":
        return 1
    per_unit = BOLD_CHARACTERS_PER_UNIT if bold else CHARACTERS_PER_UNIT
    room = max(1, int((width - 1) * per_unit))
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) <= room:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            lines += math.ceil(len(word) / room) - 1
            used = len(word) - (math.ceil(len(word) / room) - 1) * room
    return lines


def fit_row_heights(sheet: Worksheet, first_row: int, last_row: int) -> None:
    """Give rows first_row..last_row the height their wrapped text needs.

    A merged cell's text is measured over its whole merged width and height.
    """
    spans = {}
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = merged
    covered = {(line, place) for merged in sheet.merged_cells.ranges
               for line in range(merged.min_row, merged.max_row + 1)
               for place in range(merged.min_col, merged.max_col + 1)}
    last_column = sheet.max_column
    for line, cells in enumerate(sheet.iter_rows(min_row=first_row, max_row=last_row,
                                                 max_col=last_column), start=first_row):
        needed = 1
        for cell in cells:
            if cell.value is None:
                continue
            span = spans.get((line, cell.column))
            if span is not None and span.max_row > span.min_row:
                continue  # spread over several rows: one line each is enough for headings
            if span is None and (line, cell.column) in covered:
                continue
            width = (merged_width(sheet, cell.column, span.max_col - span.min_col + 1)
                     if span else column_width(sheet, cell.column))
            bold = bool(cell.font and cell.font.b)
            needed = max(needed, lines_needed(cell.value, width, bold))
        sheet.row_dimensions[line].height = min(needed * LINE_POINTS + ROW_PADDING,
                                                MOST_POINTS)


def print_a4_landscape(sheet: Worksheet, title_rows: str | None = None) -> None:
    """Set A4 landscape, fit to one page wide (as many tall as needed), narrow margins."""
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.5
    margins.header = margins.footer = 0.25
    sheet.oddFooter.center.text = "Trang &P/&N"


def save(workbook: Workbook) -> bytes:
    """Return the workbook as .xlsx bytes."""
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
