"""Exports of the logbook and of form 01/TCD (.xlsx and PDF), Vietnamese intact."""

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from reception.cases import report_form, sheets
from reception.cases.logbook import LOGBOOK_COLUMNS
from reception.cases.pdf import FAMILY, Document, form_grid

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
# The PDF logbook's shares of the room left over once every column holds its longest word.
WIDTHS = [8, 16, 30, 23, 40, 20, 20, 16, 18, 20, 20, 20]
# Spreadsheet column widths (units of the width of "0"): about 190 units fit A4 landscape at
# 70 % (10-point text prints at 7 points); a column widens to its longest word.
SHEET_WIDTHS = [5, 10.5, 22, 13.5, 34, 15, 16, 15, 15, 15, 16, 14]
CENTRED = ("stt", "ngay_tiep")


def logbook_xlsx(book: dict) -> bytes:
    """Return the logbook as a spreadsheet that prints as it is on A4 landscape.

    The title block is centred over the 12 columns, the heading row repeats on every printed
    page and every row is as tall as its wrapped text (sheets.fit_row_heights).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ tiếp công dân"
    columns = len(LOGBOOK_COLUMNS)
    for column, (key, _title) in enumerate(LOGBOOK_COLUMNS, start=1):
        longest = max((len(word) for values in book["rows"]
                       for word in str(values[key] or "").split()), default=0)
        width = max(SHEET_WIDTHS[column - 1], min(longest + 2, 40))
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheets.title(sheet, 1, book["org_name"], columns, bold=True)
    sheets.title(sheet, 2, "SỔ TIẾP CÔNG DÂN", columns, size=14)
    sheets.title(sheet, 3, _period(book), columns, bold=False, italic=True)
    header_row = 5
    for column, (_key, title) in enumerate(LOGBOOK_COLUMNS, start=1):
        sheets.heading_cell(sheet, header_row, column, title)
    for offset, values in enumerate(book["rows"], start=1):
        for column, (key, _title) in enumerate(LOGBOOK_COLUMNS, start=1):
            sheets.body_cell(sheet, header_row + offset, column, values[key],
                             center=key in CENTRED)
    last = header_row + len(book["rows"])
    if not book["rows"]:
        last += 1
        sheets.body_cell(sheet, last, 1, "Không có lượt tiếp nào trong kỳ.")
        sheet.merge_cells(start_row=last, start_column=1, end_row=last, end_column=columns)
    sheets.fit_row_heights(sheet, header_row, last)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheets.print_a4_landscape(sheet, f"{header_row}:{header_row}")
    sheet.print_area = f"A1:{get_column_letter(columns)}{last}"
    return sheets.save(workbook)


def logbook_pdf(book: dict) -> bytes:
    """Return the logbook as a landscape A4 PDF with wrapped table cells."""
    document = Document(landscape=True, footer_text=f"Sổ tiếp công dân – {_period(book)}")
    document.line_of(book["org_name"].upper(), size=10, bold=True)
    document.line_of("SỔ TIẾP CÔNG DÂN", size=15, bold=True, align="C", height=8)
    document.line_of(_period(book), size=10, align="C")
    document.ln(3)
    rows = [[values[key] for key, _title in LOGBOOK_COLUMNS] for values in book["rows"]]
    if not rows:
        rows = [["", "", "Không có lượt tiếp nào trong kỳ.", "", "", "", "", "", "", "", "", ""]]
    document.grid([title for _key, title in LOGBOOK_COLUMNS], rows, size=7.5, shares=WIDTHS)
    return document.bytes()


def tcd01_xlsx(report: dict) -> bytes:
    """Return form 01/TCD as a spreadsheet in the form's own grid, A4 landscape."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "01-TCD"
    columns = report_form.COLUMNS
    sheet.column_dimensions["A"].width = 36
    for column in range(2, columns + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 10
    half = columns // 2
    sheets.title(sheet, 1, report["org_name"], 4)
    sheets.title(sheet, 1, report_form.NATION, columns - half, first_column=half + 1)
    sheets.title(sheet, 2, report_form.MOTTO, columns - half, first_column=half + 1)
    sheets.title(sheet, 3, report_form.FORM_NUMBER, columns - half, first_column=half + 1,
                 bold=False, italic=True)
    sheets.title(sheet, 5, report_form.FORM_TITLE, columns, size=13)
    sheets.title(sheet, 6, report_form.period_text(report), columns, bold=False, italic=True)
    row = 8
    for grid in report_form.tcd01_grids(report):
        row = _grid_to_sheet(sheet, grid, row) + 1
    sheets.title(sheet, row, report_form.DATE_LINE, columns - half, first_column=half + 1,
                 bold=False, italic=True)
    for line, (left, right) in enumerate(report_form.SIGNERS, start=row + 1):
        sheets.title(sheet, line, left, 4, bold=line == row + 1, italic=line > row + 1)
        sheets.title(sheet, line, right, columns - half, first_column=half + 1,
                     bold=line == row + 1, italic=line > row + 1)
    row += len(report_form.SIGNERS) + 2
    sheets.print_a4_landscape(sheet)
    sheet.print_area = f"A1:{get_column_letter(columns)}{row - 1}"
    return sheets.save(workbook)


def _grid_to_sheet(sheet, grid: report_form.Grid, row: int) -> int:
    """Write one part of a form from `row`; return the row after it."""
    first = row
    if grid.title:
        sheets.title(sheet, row, grid.title, report_form.COLUMNS, align="left")
        row += 1
        first = row
    for heading in grid.headings:
        sheets.heading_cell(sheet, row + heading.row, heading.column + 1, heading.text,
                            heading.rows, heading.columns)
    row += grid.heading_rows
    if grid.numbered:
        for column in range(1, grid.width + 1):
            cell = sheets.body_cell(sheet, row, column, f"({column})", center=True)
            cell.font = sheets.font(italic=True, size=sheets.FONT_SIZE - 1)
        row += 1
    for values in grid.rows:
        for column, value in enumerate(values, start=1):
            sheets.body_cell(sheet, row, column, value, bold=values is grid.rows[0]
                             and grid.numbered, center=column > 1)
        row += 1
    sheets.fit_row_heights(sheet, first, row - 1)
    return row


def tcd01_pdf(report: dict) -> bytes:
    """Return form 01/TCD as a landscape A4 PDF in the form's own grid."""
    document = Document(landscape=True, footer_text=f"Báo cáo 01/TCD – {_period(report)}")
    document.state_header(report["org_name"])
    document.line_of(report_form.FORM_TITLE, size=13, bold=True, align="C", height=7)
    document.line_of(f"({report_form.FORM_NUMBER}) {_period(report)}", size=10, align="C")
    document.ln(3)
    label = 70
    widths = [label] + [(document.epw - label) / (report_form.COLUMNS - 1)] * (
        report_form.COLUMNS - 1)
    for grid in report_form.tcd01_grids(report):
        form_grid(document, grid, widths[:grid.width])
        document.ln(3)
    if document.get_y() + 30 > document.page_break_trigger:
        document.add_page()
    half = document.epw / 2
    document.set_x(document.l_margin + half)
    document.set_font(FAMILY, "", 10)
    document.cell(half, 6, report_form.DATE_LINE, align="C", new_x="LMARGIN", new_y="NEXT")
    for number, (left, right) in enumerate(report_form.SIGNERS):
        document.set_font(FAMILY, "B" if number == 0 else "", 10 if number == 0 else 9)
        document.cell(half, 5, left, align="C")
        document.cell(half, 5, right, align="C", new_x="LMARGIN", new_y="NEXT")
    return document.bytes()


def _period(book: dict) -> str:
    return report_form.period_text(book)
