"""Search ignoring diacritics and case (FTS5 on SQLite), and the form 01/TCD figures."""

from io import BytesIO

from openpyxl import load_workbook

from demo import visits
from reception import clock
from reception.cases import search
from reception.cases.models import Visit
from reception.database import connection
from tests.cases.conftest import meeting


def test_search_ignores_diacritics_and_case(client, staff, recorded):
    _leader, headers = staff("leader")
    pho = recorded(headers, meeting())
    dao = recorded(headers, meeting(
        visitor={"full_name": "Đặng Thị Đào", "id_number": "079190004321",
                 "address": "Bon Bu Prăng, xã Đắk Song"},
        matter_type="kien_nghi", field="chinh_sach", requests="Đề nghị giải quyết chế độ",
        summary="Kiến nghị xem xét chế độ trợ cấp người có công"))
    queries = {
        "nguyen van pho": [pho],
        "NGUYỄN văn Phò": [pho],
        "dang thi dao": [dao],
        "Đặng Đào": [dao],
        "079190004321": [dao],
        "0791900": [dao],
        "thu hoi dat": [pho],
        "tro cap nguoi co cong": [dao],
        pho["case"]["code"]: [pho],
        "dak song": [dao],
        "khong co ai": [],
    }
    for text, expected in queries.items():
        found = client.get("/api/v1/cases", headers=headers, query_string={"q": text}).json
        assert [c["id"] for c in found["cases"]] == [v["case"]["id"] for v in expected], text
    both = client.get("/api/v1/cases?q=xa&status=in_progress", headers=headers).json
    assert both["total"] == 2
    filtered = client.get("/api/v1/cases?q=xa&matter_type=kien_nghi", headers=headers).json
    assert [c["id"] for c in filtered["cases"]] == [dao["case"]["id"]]
    visits = client.get("/api/v1/visits?q=pho", headers=headers).json
    assert [v["id"] for v in visits["visits"]] == [pho["id"]]


def test_fts_query_plan_uses_the_index(app, staff):
    leader, _headers = staff("leader")
    with connection():
        from reception.extensions import db

        condition = search.match_clause("nguyen van pho", leader)
        query = Visit.select(Visit.id).where(condition)
        sql, params = query.sql()
        plan = " ".join(str(row) for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "VIRTUAL TABLE INDEX" in plan


def test_seeded_visits_are_searchable(app, staff):
    leader, _headers = staff("leader")
    with connection():
        assert visits.seed_visits(600) == 600
        assert Visit.select().count() == 600
        found = search.search_visits(leader, {"q": "thu hoi dat"}, per_page=5)
        assert found["total"] > 0
        assert all("thu hồi đất" in visit.summary for visit in found["visits"])
        someone = Visit.select().first().visitor
        by_id = search.search_visits(leader, {"q": someone.id_number})
        assert someone.id in {visit.visitor_id for visit in by_id["visits"]}


def test_form_01_tcd_figures(client, staff, recorded):
    _officer, headers = staff("officer")
    _leader, leader_headers = staff("leader")
    recorded(headers, meeting())  # first
    recorded(headers, meeting(handling="huong_dan"))  # the same person again: repeat
    recorded(headers, meeting(
        visitor={"full_name": "Phạm Văn Đại", "address": "Thuận Hạnh"}, party_size=12,
        representatives=[{"full_name": "Phạm Văn Đại", "id_number": "067190004321"}],
        reception_kind="head_in_person", session_kind="scheduled", matter_type="kien_nghi",
        field="chinh_sach", handling="chuyen_don", transfer_to="Sở Y tế"), party_size=12)
    recorded(headers, meeting(
        visitor={"full_name": "Võ Thị Ánh", "address": "Trường Xuân"},
        reception_kind="head_delegated", session_kind="unscheduled", handling="luu_don",
        matter_type="phan_anh", field="khac"))
    today = clock.today().isoformat()
    report = client.get(f"/api/v1/reports/tcd01?from={today}&to={today}",
                        headers=leader_headers)
    assert report.status_code == 200
    figures = report.json
    assert figures["totals"]["visits"] == {"total": 4, "first": 3, "repeat": 1}
    assert figures["totals"]["people"] == 1 + 1 + 12 + 1
    # The repeat visit was not attached to the first one's case: it counts as a repeat matter.
    assert figures["totals"]["matters"] == {"total": 4, "first": 3, "repeat": 1}
    assert figures["totals"]["groups"] == {"count": 1, "people": 12, "first": 1, "repeat": 0,
                                           "matters": 1}
    in_person = figures["head_reception"]["head_in_person"]["scheduled"]
    assert (in_person["sessions"], in_person["visits"], in_person["people"],
            in_person["groups"]) == (1, 1, 12, 1)
    delegated = figures["head_reception"]["head_delegated"]["unscheduled"]
    assert (delegated["sessions"], delegated["visits"], delegated["people"]) == (1, 1, 1)
    by_type = {row["code"]: row["visits"] for row in figures["by_matter_type"]}
    assert by_type == {"khieu_nai": 2, "to_cao": 0, "kien_nghi": 1, "phan_anh": 1}
    by_handling = {row["code"]: row["visits"] for row in figures["by_handling"]}
    assert by_handling["thu_ly"] == 1 and by_handling["chuyen_don"] == 1
    by_field = {row["code"]: row["people"] for row in figures["by_field"]}
    assert by_field["chinh_sach"] == 12
    sheet_file = client.get(f"/api/v1/reports/tcd01?from={today}&to={today}&format=xlsx",
                            headers=leader_headers)
    sheet = load_workbook(BytesIO(sheet_file.data)).worksheets[0]
    cells = [row for row in sheet.iter_rows(values_only=True)]
    assert any(row[0] == "Tổng số" and row[1] == 4 for row in cells)
    assert any(row[0] == "Khiếu nại" and row[1] == 2 for row in cells)
    assert client.get(f"/api/v1/reports/tcd01?from={today}&to={today}",
                      headers=headers).status_code == 403


def test_a_page_past_the_end_still_tells_the_total(app, staff):
    leader, _ = staff("leader")
    with connection():
        visits.seed_visits(300)
        first = search.search_cases(leader, {"q": "thu hoi dat"}, page=1, per_page=5)
        beyond = search.search_cases(leader, {"q": "thu hoi dat"}, page=99, per_page=5)
    assert first["total"] > 5 and len(first["cases"]) == 5
    assert beyond["total"] == first["total"] and beyond["cases"] == []
