"""Demo and benchmark data: seed many realistic visits quickly (bulk inserts).

`seed_visits(100_000)` takes about 20 s on SQLite here; the FTS5 index is kept by triggers.
"""

import json
import random
import statistics
import time
from datetime import timedelta

from reception import clock
from reception.cases import options
from reception.cases.identity import PROVINCE_CODES
from reception.cases.models import Case, CaseSequence, Visit, VisitIdentity, Visitor
from reception.cases.text import search_key
from reception.database import is_postgres, write_transaction
from reception.extensions import db

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "H'", "Y", "K'"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Bích"]
GIVEN = ["Phò", "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Lan",
         "Long", "Mai", "Nam", "Nga", "Phúc", "Quyên", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn",
         "Vân", "Yến", "Điệp", "Đông", "Ánh", "Ước"]
PLACES = ["thôn 1, xã Đức An, tỉnh Lâm Đồng", "thôn Thuận Hòa, xã Thuận Hạnh, tỉnh Lâm Đồng",
          "bon Bu Prăng, xã Đắk Song, tỉnh Lâm Đồng", "thôn 6, xã Trường Xuân, tỉnh Lâm Đồng",
          "tổ dân phố 3, phường Bảo Lộc, tỉnh Lâm Đồng"]
TOPICS = [
    ("khieu_nai", "dat_dai", "Khiếu nại quyết định thu hồi đất và bồi thường hỗ trợ tái định cư"),
    ("khieu_nai", "dat_dai", "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất chồng lấn"),
    ("to_cao", "tham_nhung", "Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục tách thửa"),
    ("kien_nghi", "chinh_sach", "Kiến nghị xem xét chế độ trợ cấp cho người có công"),
    ("phan_anh", "nha_o", "Phản ánh công trình xây dựng lấn chiếm hành lang đường bộ"),
    ("kien_nghi", "tu_phap", "Kiến nghị thi hành bản án dân sự về tranh chấp hợp đồng"),
    ("phan_anh", "khac", "Phản ánh ô nhiễm môi trường từ cơ sở chế biến cà phê"),
]
HANDLINGS = ["thu_ly", "huong_dan", "chuyen_don", "don_doc", "luu_don", "huong_dan"]


def _id_number(rng: random.Random, index: int, birth_year: int, sex: str) -> str:
    province = sorted(PROVINCE_CODES)[index % len(PROVINCE_CODES)]
    century = (0 if birth_year < 2000 else 2) + (1 if sex == "nu" else 0)
    return f"{province}{century}{birth_year % 100:02d}{index % 1_000_000:06d}"


def seed_visits(count: int, seed: int = 2026, batch: int = 1000, days: int = 365) -> int:
    """Insert count visits (with visitors and some cases) spread over the past days."""
    rng = random.Random(seed)
    fields = options.fields()
    now = clock.stored_now()
    today = clock.today()
    with write_transaction():
        start_index = Visitor.select().count()
        year = today.year
        last_case = CaseSequence.get_or_none(CaseSequence.year == year)
        case_number = last_case.last if last_case else 0
        for offset in range(0, count, batch):
            size = min(batch, count - offset)
            visitors, visits, cases = [], [], []
            for position in range(size):
                index = start_index + offset + position
                sex = rng.choice(["nam", "nu"])
                birth_year = rng.randint(1940, 2005)
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                number = _id_number(rng, index, birth_year, sex)
                address = rng.choice(PLACES)
                visitors.append({"full_name": name, "id_number": number, "birth_year": birth_year,
                                 "sex": sex, "address": address, "phone": "",
                                 "search_key": search_key(name, number),
                                 "created_at": now, "updated_at": now})
            Visitor.insert_many(visitors).execute()
            first_id = Visitor.select(Visitor.id).where(
                Visitor.id_number == visitors[0]["id_number"]).scalar()
            for position, person in enumerate(visitors):
                matter, field, summary = rng.choice(TOPICS)
                handling = rng.choice(HANDLINGS)
                received_on = today - timedelta(days=rng.randint(0, days - 1))
                case_id = None
                if handling in ("thu_ly", "chuyen_don"):
                    case_number += 1
                    case_id = case_number
                    cases.append({"code": f"HS-{year}-{case_number:06d}", "matter_type": matter,
                                  "field": field, "title": summary, "status": "in_progress",
                                  "opened_at": now, "opened_on": received_on, "updated_at": now})
                visits.append({
                    "visitor": first_id + position, "received_at": now - timedelta(
                        days=(today - received_on).days),
                    "received_on": received_on, "party_size": 1, "matter_type": matter,
                    "field": field, "summary": summary, "handling": handling,
                    "transfer_to": "Sở Tài nguyên và Môi trường" if handling == "chuyen_don"
                    else "", "representatives": "[]", "documents": json.dumps([]),
                    "content_key": search_key(summary, options.MATTER_LABELS[matter],
                                              fields.get(field, field)),
                    "identity_key": search_key(person["full_name"], person["id_number"],
                                               person["address"]),
                    "updated_at": now, "_case": case_id,
                })
            code_to_id = {}
            if cases:
                Case.insert_many(cases).execute()
                codes = [case["code"] for case in cases]
                code_to_id = dict(Case.select(Case.code, Case.id).where(Case.code.in_(codes))
                                  .tuples())
            for visit in visits:
                number = visit.pop("_case")
                visit["case"] = code_to_id.get(f"HS-{year}-{number:06d}") if number else None
            Visit.insert_many(visits).execute()
            inserted = Visit.select(Visit.id, Visitor.id_number).join(Visitor).where(
                Visit.visitor >= first_id).tuples()
            VisitIdentity.insert_many(
                [{"visit": visit_id, "id_number": number} for visit_id, number in inserted]
            ).on_conflict_ignore().execute()
        CaseSequence.insert(year=year, last=case_number).on_conflict(
            conflict_target=[CaseSequence.year], update={CaseSequence.last: case_number}
        ).execute()
    if is_postgres():
        # After a bulk load the planner has no statistics yet and scans instead of using the
        # search indexes; autovacuum would analyze later, a demo or a benchmark needs it now.
        db.execute_sql("ANALYZE")
    return count


def time_searches(user, texts: list[str], runs: int = 5) -> dict[str, float]:
    """Return the median milliseconds of searching cases and visits for each text."""
    from reception.cases.search import search_cases, search_visits

    timings = {}
    for text in texts:
        for label, function in (("cases", search_cases), ("visits", search_visits)):
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                function(user, {"q": text}, per_page=50)
                samples.append((time.perf_counter() - started) * 1000)
            timings[f"{label}: {text}"] = round(statistics.median(samples), 2)
    return timings
