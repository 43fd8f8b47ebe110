"""Exports of the logbook (.xlsx and PDF) and of form 01/TCD (.xlsx), Vietnamese intact."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reception.cases.logbook import LOGBOOK_COLUMNS
from reception.cases.pdf import Document
from reception.characters import printable

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
# Relative widths of the 12 columns: the spreadsheet's, and the PDF's share of room left over.
WIDTHS = [8, 16, 30, 23, 40, 20, 20, 16, 18, 20, 20, 20]
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def _period(book: dict) -> str:
    first = "/".join(reversed(book["from"].split("-")))
    last = "/".join(reversed(book["to"].split("-")))
    return f"Từ ngày {first} đến ngày {last}"


def logbook_xlsx(book: dict) -> bytes:
    """Return the logbook as a spreadsheet: title block, the 12 headings, one row per visit."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ tiếp công dân"
    titles = [book["org_name"], "SỔ TIẾP CÔNG DÂN", _period(book)]
    for number, text in enumerate(titles, start=1):
        _text_cell(sheet, number, 1, text)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number,
                          end_column=len(LOGBOOK_COLUMNS))
        sheet.cell(row=number, column=1).alignment = Alignment(horizontal="center")
        sheet.cell(row=number, column=1).font = Font(bold=number < 3, size=14 if number == 2
                                                     else 11)
    header_row = len(titles) + 1
    for column, (_key, title) in enumerate(LOGBOOK_COLUMNS, start=1):
        cell = sheet.cell(row=header_row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="E6E6E6")
        cell.border = BOX
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[column - 1] * 0.9 + 4
    for offset, values in enumerate(book["rows"], start=1):
        for column, (key, _title) in enumerate(LOGBOOK_COLUMNS, start=1):
            cell = _text_cell(sheet, header_row + offset, column, values[key])
            cell.alignment = WRAP
            cell.border = BOX
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return _save(workbook)


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
    """Return the form 01/TCD figures as a spreadsheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "01-TCD"
    lines = [
        [report["org_name"]],
        ["BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN (Mẫu 01/TCD)"],
        [_period(report)],
        [],
        ["Tổng hợp", "Lượt", "Lượt lần đầu", "Lượt tái diễn", "Người", "Vụ việc",
         "Vụ việc lần đầu", "Vụ việc tái diễn", "Đoàn đông người", "Người trong đoàn",
         "Đoàn lần đầu", "Đoàn tái diễn"],
    ]
    from reception.cases.options import RECEPTION_LABELS

    def tally_line(label, tally):
        return [label, tally["visits"]["total"], tally["visits"]["first"],
                tally["visits"]["repeat"], tally["people"], tally["matters"]["total"],
                tally["matters"]["first"], tally["matters"]["repeat"],
                tally["groups"]["count"], tally["groups"]["people"], tally["groups"]["first"],
                tally["groups"]["repeat"]]

    lines.append(tally_line("Tổng số", report["totals"]))
    for kind, tally in report["by_reception_kind"].items():
        lines.append(tally_line(RECEPTION_LABELS[kind], tally))
    lines += [[], ["Thủ trưởng tiếp công dân", "Kỳ tiếp", "Lượt", "Người", "Vụ việc", "Đoàn"]]
    for sessions in report["head_reception"].values():
        for values in sessions.values():
            lines.append([values["label"], values["sessions"], values["visits"],
                          values["people"], values["matters"], values["groups"]])
    for title, key in (("Theo loại vụ việc", "by_matter_type"), ("Theo lĩnh vực", "by_field"),
                       ("Theo hướng xử lý", "by_handling"),
                       ("Theo nội dung (phân loại Mẫu 02/XLD)", "by_content_group")):
        lines += [[], [title, "Lượt", "Người", "Vụ việc", "Đoàn"]]
        for item in report[key]:
            lines.append([item["label"], item["visits"], item["people"], item["matters"],
                          item["groups"]])
    from reception.cases.options import MATTER_LABELS

    for matter, rows in report["handling_by_matter_type"].items():
        lines += [[], [f"Hướng xử lý – {MATTER_LABELS[matter]}", "Lượt", "Người", "Vụ việc",
                       "Đoàn"]]
        for item in rows:
            lines.append([item["label"], item["visits"], item["people"], item["matters"],
                          item["groups"]])
    for number, line in enumerate(lines, start=1):
        for column, value in enumerate(line, start=1):
            _text_cell(sheet, number, column, value)
    for number in (1, 2):
        sheet.cell(row=number, column=1).font = Font(bold=True, size=13 if number == 2 else 11)
    for row in sheet.iter_rows():
        if len(row) > 1 and row[0].value and isinstance(row[1].value, str):
            for cell in row:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 52
    for column in range(2, 13):
        sheet.column_dimensions[get_column_letter(column)].width = 13
    return _save(workbook)


def _plain(value):
    """Return a value a spreadsheet cell can hold: text without control characters."""
    return printable(value) if isinstance(value, str) else value


def _text_cell(sheet, row: int, column: int, value):
    """Write a value into a cell as data: text starting with "=" stays text, not a formula."""
    cell = sheet.cell(row=row, column=column, value=_plain(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _save(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
