"""Every meeting record the API accepts exports: the longest texts cut across PDF pages under
repeated headings, and rows stored with control characters before the rule still export."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reception.cases.models import Case, Visit, Visitor
from reception.database import connection
from tests.cases.conftest import meeting
from tests.sites import DAY

SENTENCE = "Công dân trình bày việc thu hồi đất tại thửa số 112, tờ bản đồ số 7 của xã Đức An. "


def long_text(length: int, end: str) -> str:
    """Return Vietnamese prose of exactly `length` characters ending with the word `end`."""
    body = (SENTENCE * (length // len(SENTENCE) + 1))[: length - len(end) - 1]
    return body[:-1] + ("." if body.endswith(" ") else body[-1]) + " " + end


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def sheet_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(data)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("length", [2000, 5000])
def test_logbook_exports_the_longest_summaries(site, length):
    officer, leader = site.staff("officer"), site.staff("leader")
    summary = long_text(length, f"KETTHUC{length}")
    assert len(summary) == length
    site.record(officer, meeting(summary=summary))
    site.record(officer, meeting(summary="Lượt tiếp ngắn sau lượt dài", handling="huong_dan",
                                 guidance="Đến UBND huyện"))

    pdf = site.logbook(leader, "pdf")
    assert pdf.status_code == 200, pdf.data[:300]
    pages, text = pdf_text(pdf.data)
    assert f"KETTHUC{length}" in text
    assert "Lượt tiếp ngắn sau lượt dài" in text
    # The row goes on past a page: marked, under the headings repeated on every page.
    assert pages >= 2 and "(tiếp)" in text
    assert text.count("Ngày tiếp") == pages
    print(f"\n{site.engine}: logbook PDF with a {length}-character summary: {pages} pages")

    sheet = site.logbook(leader, "xlsx")
    assert sheet.status_code == 200
    cells = [cell for row in sheet_rows(sheet.data) for cell in row if isinstance(cell, str)]
    assert any(cell.startswith(summary) for cell in cells)


def test_case_pdf_with_every_long_text(site):
    officer = site.staff("officer")
    summary = long_text(5000, "KETTHUCTOMTAT")
    visit = site.record(officer, meeting(
        summary=summary, requests=long_text(5000, "KETTHUCYEUCAU"),
        prior_handling=long_text(2000, "KETTHUCDAGIAIQUYET"),
        case_title=long_text(300, "KETTHUCTIEUDE"),
        documents=[{"title": long_text(300, f"TAILIEU{number}"), "copies": 1,
                    "note": long_text(500, f"GHICHU{number}")} for number in range(100)],
    ))
    case_id = visit["case"]["id"]
    note = site.client.patch(f"/api/v1/cases/{case_id}", headers=officer,
                             json={"result_note": long_text(5000, "KETTHUCKETQUA")})
    assert note.status_code == 200, note.json

    exported = site.client.get(f"/api/v1/cases/{case_id}/export.pdf", headers=officer)
    assert exported.status_code == 200, exported.data[:300]
    pages, text = pdf_text(exported.data)
    for end in ("KETTHUCTOMTAT", "KETTHUCKETQUA", "KETTHUCTIEUDE"):
        assert end in text
    assert "(tiếp)" in text and pages >= 3
    print(f"\n{site.engine}: case PDF with a 5,000-character summary: {pages} pages")

    receipt = site.client.get(f"/api/v1/visits/{visit['id']}/receipt.pdf", headers=officer)
    assert receipt.status_code == 200
    pages, text = pdf_text(receipt.data)
    assert "GHICHU99" in text and "TAILIEU99" in text


def test_a_summary_of_one_unbroken_word_wraps(site):
    officer, leader = site.staff("officer"), site.staff("leader")
    site.record(officer, meeting(summary="Đ" * 4990 + "KETTHUC"))
    pdf = site.logbook(leader, "pdf")
    assert pdf.status_code == 200
    _pages, text = pdf_text(pdf.data)
    assert "KETTHUC" in text.replace("\n", "")


def test_text_that_looks_like_a_formula_stays_text(site):
    officer, leader = site.staff("officer"), site.staff("leader")
    site.record(officer, meeting(summary='=HYPERLINK("http://example.com","Bấm vào đây")'))
    sheet = load_workbook(BytesIO(site.logbook(leader, "xlsx").data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_rows_stored_with_control_characters_still_export(app, client, staff, recorded,
                                                          frozen):
    """SQLite kept controls before the rule (PostgreSQL never could hold a NUL)."""
    frozen(2027, 3, 3, 9)
    _officer, officer = staff("officer")
    _leader, leader = staff("leader")
    visit = recorded(officer, meeting())
    with connection():
        Visit.update(summary="Trước\x00giữa\x1b\x7f\x85sau\tcột\r\nhết", note="ghi\x0cchú",
                     requests="yêu cầu\ufffe").where(Visit.id == visit["id"]).execute()
        Visitor.update(full_name="Nguyễn\x00Văn Phò").execute()
        Case.update(result_note="kết\x01quả").execute()

    period = f"from={DAY}&to={DAY}"
    sheet = client.get(f"/api/v1/logbook?{period}&format=xlsx", headers=leader)
    assert sheet.status_code == 200
    cells = [cell for row in sheet_rows(sheet.data) for cell in row if isinstance(cell, str)]
    assert any(cell.startswith("Trướcgiữasau cột\nhết") for cell in cells)
    assert "NguyễnVăn Phò" in "".join(cells)

    pdf = client.get(f"/api/v1/logbook?{period}&format=pdf", headers=leader)
    assert pdf.status_code == 200
    assert "Trướcgiữasau cột" in pdf_text(pdf.data)[1]
    case_pdf = client.get(f"/api/v1/cases/{visit['case']['id']}/export.pdf", headers=leader)
    assert case_pdf.status_code == 200
    assert "kếtquả" in pdf_text(case_pdf.data)[1]
    assert client.get(f"/api/v1/visits/{visit['id']}/receipt.pdf",
                      headers=officer).status_code == 200
