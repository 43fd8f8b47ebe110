"""Demo and benchmark data: seed many realistic visits quickly (bulk inserts).

`seed_visits(100_000)` takes 45-60 s on SQLite on this 2-core machine and about 100 s on
PostgreSQL; the FTS5 index is kept by triggers. Visits fall in working hours over the past
year; a third open a case with its legal limits: older cases are mostly resolved with their
limits met, recent ones still running, some near or past their due date.
"""

import json
import random
import statistics
import time
from datetime import datetime, timedelta

from reception import clock
from reception.cases import deadlines, options
from reception.cases.identity import PROVINCE_CODES
from reception.cases.models import (
    Case,
    CaseSequence,
    Deadline,
    Visit,
    VisitIdentity,
    Visitor,
)
from reception.cases.text import search_key
from reception.database import write_transaction
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
# A case older than this many days is resolved with this probability.
SETTLED_AFTER_DAYS, SETTLED_SHARE = 60, 0.85


def _id_number(rng: random.Random, index: int, birth_year: int, sex: str) -> str:
    province = sorted(PROVINCE_CODES)[index % len(PROVINCE_CODES)]
    century = (0 if birth_year < 2000 else 2) + (1 if sex == "nu" else 0)
    return f"{province}{century}{birth_year % 100:02d}{index % 1_000_000:06d}"


def seed_visits(count: int, seed: int = 2026, batch: int = 1000, days: int = 365) -> int:
    """Insert count visits (with visitors, some cases and their limits) over the past days."""
    rng = random.Random(seed)
    fields = options.fields()
    limits = options.get("cases.deadline_limits")
    now = clock.stored_now()
    today = clock.today()
    calendar = deadlines.calendar_for(today - timedelta(days=days), days * 2)
    with write_transaction():
        start_index = Visitor.select().count()
        year = today.year
        last_case = CaseSequence.get_or_none(CaseSequence.year == year)
        case_number = last_case.last if last_case else 0
        for offset in range(0, count, batch):
            size = min(batch, count - offset)
            visitors, visits, cases = [], [], {}
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
                received_at = _working_hours(rng, received_on, now)
                case_number_here = None
                if handling in ("thu_ly", "chuyen_don"):
                    case_number += 1
                    case_number_here = case_number
                    cases[case_number] = _case(rng, year, case_number, matter, field, summary,
                                               handling, received_on, received_at, today)
                visits.append({
                    "visitor": first_id + position, "received_at": received_at,
                    "received_on": received_on, "party_size": 1, "matter_type": matter,
                    "field": field, "summary": summary, "handling": handling,
                    "transfer_to": "Sở Tài nguyên và Môi trường" if handling == "chuyen_don"
                    else "", "representatives": "[]", "documents": json.dumps([]),
                    "content_key": search_key(summary, options.MATTER_LABELS[matter],
                                              fields.get(field, field)),
                    "identity_key": search_key(person["full_name"], person["id_number"],
                                               person["address"]),
                    "updated_at": now, "_case": case_number_here,
                })
            code_to_id = {}
            if cases:
                Case.insert_many(list(cases.values())).execute()
                codes = [case["code"] for case in cases.values()]
                code_to_id = dict(Case.select(Case.code, Case.id).where(Case.code.in_(codes))
                                  .tuples())
            case_visits = []
            for visit in visits:
                number = visit.pop("_case")
                visit["case"] = code_to_id.get(f"HS-{year}-{number:06d}") if number else None
                if number:
                    case_visits.append((cases[number], visit))
            Visit.insert_many(visits).execute()
            inserted = Visit.select(Visit.id, Visitor.id_number).join(Visitor).where(
                Visit.visitor >= first_id).tuples()
            VisitIdentity.insert_many(
                [{"visit": visit_id, "id_number": number} for visit_id, number in inserted]
            ).on_conflict_ignore().execute()
            visit_of_case = dict(Visit.select(Visit.case, Visit.id).where(
                (Visit.visitor >= first_id) & Visit.case.is_null(False)).tuples())
            rows = [row for case, visit in case_visits
                    for row in _limits(rng, case, visit, visit_of_case, limits, calendar, now)]
            if rows:
                Deadline.insert_many(rows).execute()
        CaseSequence.insert(year=year, last=case_number).on_conflict(
            conflict_target=[CaseSequence.year], update={CaseSequence.last: case_number}
        ).execute()
    # After a bulk load the planner has no statistics yet; autovacuum (PostgreSQL) would
    # analyze later, a demo or a benchmark needs them now.
    db.execute_sql("ANALYZE")
    return count


def _working_hours(rng: random.Random, day, now: datetime) -> datetime:
    """Return a stored moment of a day between 7:30 and 16:30 local time, never after now."""
    minutes = rng.randint(7 * 60 + 30, 16 * 60 + 30)
    local = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60,
                     rng.randint(0, 59), tzinfo=clock.TIMEZONE)
    return min(clock.to_storage(local), now)


def _case(rng, year, number, matter, field, summary, handling, received_on, received_at,
          today) -> dict:
    """Return a case row: resolved when old (mostly), else still in progress or transferred."""
    status = "transferred" if handling == "chuyen_don" else "in_progress"
    closed_at = None
    if (today - received_on).days > SETTLED_AFTER_DAYS and rng.random() < SETTLED_SHARE:
        status, closed_at = "resolved", received_at + timedelta(days=rng.randint(10, 45))
    return {"code": f"HS-{year}-{number:06d}", "matter_type": matter, "field": field,
            "title": summary, "status": status, "opened_at": received_at,
            "opened_on": received_on, "updated_at": closed_at or received_at,
            "accepted_on": received_on if handling == "thu_ly" else None,
            "closed_at": closed_at}


def _limits(rng, case: dict, visit: dict, visit_of_case: dict, limits: dict, calendar,
            now: datetime) -> list[dict]:
    """Return the limit rows a case's first visit starts; met on time, mostly, when due."""
    today = clock.from_storage(now).date()
    case_id = visit["case"]
    rows = []
    for kind in deadlines.kinds_for(visit["matter_type"], visit["handling"]):
        spec = limits[kind]
        start = visit["received_on"]
        days = deadlines.limit_days(spec)
        due_on = deadlines.due_date(start, days, spec["working"], calendar)
        met_at = None
        if case["closed_at"] or (due_on < today and rng.random() < 0.9):
            met_at = min(visit["received_at"] + timedelta(days=rng.randint(1, days)), now)
        rows.append({"case": case_id, "visit": visit_of_case.get(case_id), "kind": kind,
                     "start_on": start, "days": days, "working_days": bool(spec["working"]),
                     "due_on": due_on, "source": spec.get("source", ""), "met_at": met_at})
    return rows


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
