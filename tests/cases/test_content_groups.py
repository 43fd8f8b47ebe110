"""Form 02/XLD content groups and the handling directions of each matter type, through the
report API and its spreadsheet; an admin-added field is grouped as configured."""

from io import BytesIO

from openpyxl import load_workbook

from reception import clock
from tests.cases.conftest import meeting

OTHERS = [
    {"full_name": "Hà Văn Tư", "address": "Đắk Song"},
    {"full_name": "Y Thị Blơm", "address": "Trường Xuân"},
    {"full_name": "Lò Văn Sáu", "address": "Thuận Hạnh"},
    {"full_name": "Đinh Thị Mai", "address": "Đức An"},
    {"full_name": "K'Nhơi", "address": "Đắk Song"},
]


def test_visits_grouped_as_form_02_xld(client, staff, recorded, frozen):
    frozen(2027, 3, 10, 9)
    _, headers = staff("officer")
    _, admin = staff("admin")
    _, leader = staff("leader")
    added = client.put("/api/v1/record-options", headers=admin, json={
        "fields": {"dat_dai": "Đất đai", "nha_o": "Nhà ở", "chinh_sach": "Chính sách",
                   "tu_phap": "Tư pháp", "dang_doan_the": "Đảng – đoàn thể",
                   "tham_nhung": "Tham nhũng", "khac": "Khác", "moi_truong": "Môi trường",
                   "an_ninh": "An ninh trật tự"},
        "field_groups": {"an_ninh": "khac"}})
    assert added.status_code == 200, added.json
    assert added.json["field_groups"]["an_ninh"] == "khac"
    refused = client.put("/api/v1/record-options", headers=admin,
                         json={"field_groups": {"an_ninh": "van_hoa"}})
    assert refused.status_code == 400
    assert "phải là một trong" in refused.json["error"]["message"]

    recorded(headers, meeting())  # đất đai, thụ lý
    for person, field, matter, handling in [
        (OTHERS[0], "nha_o", "kien_nghi", "huong_dan"),  # a group of 6, below
        (OTHERS[1], "tham_nhung", "to_cao", "thu_ly"),
        (OTHERS[2], "tu_phap", "khieu_nai", "luu_don"),
        (OTHERS[3], "moi_truong", "phan_anh", "luu_don"),
        (OTHERS[4], "an_ninh", "phan_anh", "huong_dan"),
    ]:
        group = ({"party_size": 6, "representatives": [{"full_name": person["full_name"]}]}
                 if field == "nha_o" else {})
        recorded(headers, meeting(visitor=person, field=field, matter_type=matter,
                                  handling=handling, **group),
                 service="B" if matter == "to_cao" else "A")

    today = clock.today().isoformat()
    assert today == "2027-03-10"
    answer = client.get(f"/api/v1/reports/tcd01?from={today}&to={today}&format=json",
                        headers=leader)
    assert answer.status_code == 200, answer.json
    report = answer.json
    assert [row["code"] for row in report["by_content_group"]] == [
        "hanh_chinh_dat_dai_nha_o", "hanh_chinh_chinh_sach", "hanh_chinh_khac", "tu_phap",
        "dang_doan_the", "khac"]
    assert report["by_content_group"][0] == {
        "code": "hanh_chinh_dat_dai_nha_o", "label": "Hành chính – Đất đai, nhà ở",
        "visits": 2, "people": 7, "matters": 2, "groups": 1}
    assert all(set(row) == set(report["by_field"][0]) for row in report["by_content_group"])
    assert sum(row["visits"] for row in report["by_content_group"]) == 6
    groups = {row["code"]: row["visits"] for row in report["by_content_group"]}
    assert groups == {"hanh_chinh_dat_dai_nha_o": 2, "hanh_chinh_chinh_sach": 0,
                      "hanh_chinh_khac": 2, "tu_phap": 1, "dang_doan_the": 0, "khac": 1}
    labels = {row["code"]: row["label"] for row in report["by_content_group"]}
    assert labels["hanh_chinh_dat_dai_nha_o"] == "Hành chính – Đất đai, nhà ở"
    phan_anh = {row["code"]: row["visits"] for row in report["handling_by_matter_type"][
        "phan_anh"]}
    assert phan_anh["luu_don"] == 1 and phan_anh["huong_dan"] == 1 and phan_anh["thu_ly"] == 0

    sheet_file = client.get(f"/api/v1/reports/tcd01?from={today}&to={today}&format=xlsx",
                            headers=leader)
    rows = list(load_workbook(BytesIO(sheet_file.data)).worksheets[0].iter_rows(
        values_only=True))
    titles = [row[0] for row in rows]
    start = titles.index("Theo nội dung (phân loại Mẫu 02/XLD)")
    assert rows[start][:5] == ("Theo nội dung (phân loại Mẫu 02/XLD)", "Lượt", "Người",
                               "Vụ việc", "Đoàn")
    assert rows[start + 1][:5] == ("Hành chính – Đất đai, nhà ở", 2, 7, 2, 1)
    assert rows[start + 3][:2] == ("Hành chính – Khác", 2)
    assert "Hướng xử lý – Phản ánh" in titles
