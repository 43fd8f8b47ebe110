"""Exports laid out to be read and printed as they are, through HTTP: the logbook PDF keeps
dates, case codes and numbers whole on landscape A4 under headings on every page and opens in
the browser; the spreadsheets print on A4 landscape one page wide with rows as tall as their
text and titles over the table; form 01/TCD comes in its own grid, as .xlsx and as PDF."""

import math
import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reception import clock
from tests.admin.conftest import log_in
from tests.cases.conftest import meeting

A4_LANDSCAPE = (841.89, 595.28)  # points
# Calc prints Times New Roman with this metric-compatible font where Times is missing.
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
VISITS = 24
ADDRESS = "Thôn Đắk Rla, xã Đức An, tỉnh Lâm Đồng, số nhà 1234567 đường Nguyễn Tất Thành"
SUMMARY = ("Khiếu nại Quyết định số 1234/QĐ-UBND ngày 06/12/2026 về thu hồi đất tại thửa số "
           "112, tờ bản đồ số 7; đề nghị xem xét bồi thường, hỗ trợ tái định cư theo quy định "
           "của Luật Đất đai năm 2024 và các văn bản hướng dẫn thi hành. ")


@pytest.fixture
def exports(client, staff, recorded, frozen):
    """Record VISITS meetings on one day (accepted cases with codes, long texts, a large
    group, head receptions) and return (leader headers, the period query)."""
    frozen(2026, 12, 7, 8)
    _officer, officer = staff("officer")
    leader, headers = staff("leader", "Nguyễn Thị Lãnh Đạo")
    for number in range(VISITS):
        changes = {"summary": SUMMARY * (1 + number % 4) + f"Lượt số {number + 1}.",
                   "visitor": {"full_name": f"Nguyễn Văn Thành {number + 1}",
                               "address": ADDRESS, "id_number": f"068085{number + 1:06d}"}}
        if number % 5 == 1:
            changes.update(handling="huong_dan", guidance="Hướng dẫn gửi đơn đến Tòa án nhân "
                           "dân khu vực 9 – Lâm Đồng theo thủ tục tố tụng hành chính")
        if number % 6 == 2:
            changes.update(party_size=7, representatives=[{"full_name": "Y Thị Hlen"}])
        recorded(officer, meeting(**changes), party_size=changes.get("party_size", 1))
    return leader, headers, "from=2026-12-07&to=2026-12-07"


def pdf_pages(data: bytes) -> list:
    return PdfReader(BytesIO(data)).pages


def test_logbook_pdf_keeps_dates_codes_and_numbers_whole(client, exports):
    _leader, headers, period = exports
    book = client.get(f"/api/v1/logbook?{period}", headers=headers).json
    codes = [re.search(r"HS-\d{4}-\d{6}", row["thu_ly"]).group()
             for row in book["rows"] if row["thu_ly"]]
    assert len(codes) >= VISITS // 2

    answer = client.get(f"/api/v1/logbook?{period}&format=pdf", headers=headers)
    assert answer.status_code == 200
    pages = pdf_pages(answer.data)
    assert len(pages) >= 2
    lines = [line for page in pages for line in page.extract_text().splitlines()]
    text = "\n".join(lines)
    for page in pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE
        page_text = page.extract_text()
        # The heading row on every page, once.
        assert page_text.count("Ngày tiếp") == 1 and page_text.count("STT") == 1
    # Each date whole on one line: a row starts with its number and date, ...
    starts = [line for line in lines if re.match(r"\d+ 07/12/2026 ", line)]
    assert [int(line.split()[0]) for line in starts] == list(range(1, VISITS + 1))
    # ... and the date in every summary is whole too.
    assert text.count("06/12/2026") >= VISITS
    for code in codes:
        assert code in text  # in "Thụ lý" and "Theo dõi kết quả"
    for number in range(1, VISITS + 1):
        assert f"068085{number:06d}" in text
    assert text.count("1234/QĐ-UBND") >= VISITS and text.count("1234567") >= VISITS
    # No line ends in the middle of a date or a case code.
    for line in lines:
        assert not re.search(r"(\d{2}/\d{2}/\d{0,3}|\bHS-\d{0,4}-?\d{0,5})$", line), line
    print(f"\nlogbook PDF, {VISITS} visits: {len(pages)} pages")


def test_logbook_pdf_opens_in_the_browser_or_downloads(client, exports):
    _leader, headers, period = exports
    shown = client.get(f"/api/v1/logbook?{period}&format=pdf", headers=headers)
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert shown.mimetype == "application/pdf"
    saved = client.get(f"/api/v1/logbook?{period}&format=pdf&download=1", headers=headers)
    assert saved.headers["Content-Disposition"].startswith("attachment;")
    assert saved.data[:5] == b"%PDF-"
    assert client.get(f"/api/v1/logbook?{period}&format=pdf&download=yes",
                      headers=headers).status_code == 400
    sheet = client.get(f"/api/v1/logbook?{period}&format=xlsx", headers=headers)
    assert sheet.headers["Content-Disposition"].startswith("attachment;")


def assert_prints_on_a4_landscape(sheet):
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0


def least_lines(text, width: float) -> int:
    """Return a lower bound of the lines text takes in a column: 1.3 characters a unit."""
    room = max(1, int(width * 1.3))
    return sum(max(1, math.ceil(len(part) / room)) for part in str(text).split("\n"))


def test_logbook_xlsx_prints_as_it_is(client, exports):
    _leader, headers, period = exports
    answer = client.get(f"/api/v1/logbook?{period}&format=xlsx", headers=headers)
    sheet = load_workbook(BytesIO(answer.data)).active
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert {"A1:L1", "A2:L2", "A3:L3"} <= merged  # the titles centred over all 12 columns
    assert sheet["A2"].value == "SỔ TIẾP CÔNG DÂN"
    assert sheet["A2"].alignment.horizontal == "center"
    assert sheet.print_title_rows in ("5:5", "$5:$5")
    assert [cell.value for cell in sheet[5]][:2] == ["STT", "Ngày tiếp"]
    assert_prints_on_a4_landscape(sheet)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKL"]
    assert 150 <= sum(widths) <= 230
    for row in range(5, 6 + VISITS):
        height = sheet.row_dimensions[row].height
        needed = max(least_lines(cell.value, widths[cell.column - 1])
                     for cell in sheet[row] if cell.value is not None)
        assert height is not None and height >= needed * 12, (row, height, needed)
    tallest = max(sheet.row_dimensions[row].height for row in range(6, 6 + VISITS))
    assert tallest >= 10 * 12  # four summaries and a guidance note wrap onto many lines
    assert sheet.cell(row=6, column=2).value == "07/12/2026"


@pytest.mark.skipif(not (LIBERATION / "LiberationSerif-Regular.ttf").is_file(),
                    reason="Debian fonts-liberation is not installed")
def test_logbook_xlsx_rows_hold_their_text_in_the_real_font(client, exports):
    """Lay each row out with Liberation Serif's own widths, as Calc would, at 10 points
    (96 px an inch, a column of width w is 7w + 5 px less Calc's 3 px margins, a line is
    1.107 em): every row the spreadsheet sets is at least that tall."""
    from PIL import ImageFont

    _leader, headers, period = exports
    sheet = load_workbook(BytesIO(client.get(f"/api/v1/logbook?{period}&format=xlsx",
                                             headers=headers).data)).active
    fonts = {bold: ImageFont.truetype(str(LIBERATION / f"LiberationSerif-{name}.ttf"),
                                      10 * 96 / 72)
             for bold, name in ((False, "Regular"), (True, "Bold"))}

    def lines(text, pixels, bold):
        count = 0
        for paragraph in str(text).split("\n"):
            count, line = count + 1, ""
            for word in paragraph.split():
                trial = f"{line} {word}" if line else word
                if line and fonts[bold].getlength(trial) > pixels:
                    count, trial = count + 1, word
                line = trial
        return count

    ratios = []
    for row in range(5, 6 + VISITS):
        needed = max(lines(cell.value, sheet.column_dimensions[cell.column_letter].width * 7
                           + 5 - 6, bool(cell.font.b))
                     for cell in sheet[row] if cell.value is not None)
        ratios.append(sheet.row_dimensions[row].height / (needed * 10 * 1.107 + 2))
    assert min(ratios) >= 1.0, ratios
    print(f"\nlogbook .xlsx row heights / Liberation Serif layout: {min(ratios):.2f}–"
          f"{max(ratios):.2f}")


def test_tcd01_xlsx_is_the_forms_grid(client, exports):
    _leader, headers, period = exports
    answer = client.get(f"/api/v1/reports/tcd01?{period}&format=xlsx", headers=headers)
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.data)).active
    assert_prints_on_a4_landscape(sheet)
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    for label in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc",
                  "BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN", "Mẫu số 01/TCD",
                  "Từ ngày 07/12/2026 đến ngày 07/12/2026", "I. KẾT QUẢ TIẾP CÔNG DÂN",
                  "Nội dung", "Lượt tiếp", "Số người", "Vụ việc", "Đoàn đông người", "Số đoàn",
                  "Lần đầu", "Tái diễn", "– Cán bộ tiếp công dân",
                  "II. THỦ TRƯỞNG TIẾP CÔNG DÂN ĐỊNH KỲ VÀ ĐỘT XUẤT",
                  "Thủ trưởng trực tiếp tiếp", "Người được thủ trưởng ủy quyền tiếp",
                  "Kỳ tiếp", "Định kỳ", "Đột xuất", "Cộng", "(1)", "(12)",
                  "Theo nội dung (phân loại Mẫu 02/XLD)", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"):
        assert label in cells, label
    merged = {str(cells) for cells in sheet.merged_cells.ranges}

    def span(label):
        cell = cells[label]
        return next(str(area) for area in sheet.merged_cells.ranges
                    if area.min_row == cell.row and area.min_col == cell.column)

    for label in ("BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN", "I. KẾT QUẢ TIẾP CÔNG DÂN",
                  "II. THỦ TRƯỞNG TIẾP CÔNG DÂN ĐỊNH KỲ VÀ ĐỘT XUẤT"):
        assert f"A{cells[label].row}:L{cells[label].row}" in merged, label
    lượt, đoàn = cells["Lượt tiếp"], cells["Đoàn đông người"]
    assert span("Lượt tiếp") == f"B{lượt.row}:D{lượt.row}"
    assert span("Đoàn đông người") == f"I{đoàn.row}:L{đoàn.row}"
    assert span("Nội dung") == f"A{lượt.row}:A{lượt.row + 1}"
    assert span("Thủ trưởng trực tiếp tiếp").startswith("B")
    # The figures: 24 visits, 4 of them large groups of 7.
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng số")
    assert total[1] == VISITS and total[4] == VISITS + 4 * 6 and total[8] == 4
    assert all(sheet.row_dimensions[cells[label].row].height for label in ("Lượt tiếp",
                                                                           "Số đoàn"))


def test_tcd01_pdf_opens_with_the_forms_headings(client, exports):
    leader, headers, period = exports
    answer = client.get(f"/api/v1/reports/tcd01?{period}&format=pdf", headers=headers)
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.headers["Content-Disposition"].startswith("inline;")
    pages = pdf_pages(answer.data)
    box = pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE
    text = "\n".join(page.extract_text() for page in pages)
    for label in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO KẾT QUẢ TIẾP CÔNG DÂN",
                  "Mẫu số 01/TCD", "I. KẾT QUẢ TIẾP CÔNG DÂN", "Lượt tiếp", "Đoàn đông người",
                  "Số đoàn", "Tái diễn", "Thủ trưởng trực tiếp tiếp", "Kỳ tiếp", "Định kỳ",
                  "Đột xuất", "Theo nội dung (phân loại Mẫu 02/XLD)", "Hướng xử lý – Tố cáo",
                  "NGƯỜI LẬP BÁO CÁO", "(Ký tên, đóng dấu)"):
        assert label in text, label
    assert re.search(rf"Tổng số {VISITS} ", text)
    saved = client.get(f"/api/v1/reports/tcd01?{period}&format=pdf&download=1",
                       headers=headers)
    assert saved.headers["Content-Disposition"].startswith("attachment;")

    # The leader's report page links to it, to open in a new tab.
    log_in(client, leader.username)
    html = client.get(f"/admin/reports?{period}").get_data(as_text=True)
    link = re.search(r'<a class="btn" href="([^"]+)" target="_blank" rel="noopener" '
                     r'id="tcd01-pdf-link">Báo cáo 01/TCD \(PDF để in\)</a>', html)
    assert link, html
    opened = client.get(link.group(1).replace("&amp;", "&"))
    assert opened.status_code == 200 and opened.data[:5] == b"%PDF-"
    # The logbook page opens its PDF in a new tab and offers to save it too.
    html = client.get(f"/admin/logbook?{period}").get_data(as_text=True)
    shown = re.search(r'href="([^"]+format=pdf[^"]*)" target="_blank"', html).group(1)
    saved = re.search(r'href="([^"]+download=1[^"]*)" download>', html).group(1)
    assert client.get(shown.replace("&amp;", "&")).headers["Content-Disposition"].startswith(
        "inline;")
    assert client.get(saved.replace("&amp;", "&")).headers["Content-Disposition"].startswith(
        "attachment;")
    assert clock.today().isoformat() == "2026-12-07"
