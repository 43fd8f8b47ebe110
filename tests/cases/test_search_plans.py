"""Broad searches on SQLite read the newest rows through the date index and stop at the page
(reception.cases.search._newest_first); the answer is the same as sorting every match."""

import logging

from demo import visits
from reception.cases import search
from reception.database import connection
from reception.extensions import db


def answers(leader) -> dict:
    """Return the ids and totals of broad and narrow searches, pages 1 and 3."""
    found = {}
    for page in (1, 3):
        for text in ("khieu nai", "nguyen van pho"):
            result = search.search_visits(leader, {"q": text}, page=page, per_page=20)
            found[("visits", text, page)] = (result["total"],
                                             [visit.id for visit in result["visits"]])
        result = search.search_visits(leader, {"handling": "huong_dan"}, page=page, per_page=20)
        found[("visits", "huong_dan", page)] = (result["total"],
                                                [visit.id for visit in result["visits"]])
        for filters in ({"status": "resolved"}, {"status": "in_progress", "field": "dat_dai"},
                        {"deadline": "overdue"}, {}):
            result = search.search_cases(leader, filters, page=page, per_page=20)
            found[("cases", str(filters), page)] = (result["total"],
                                                    [case.id for case in result["cases"]])
    return found


def test_broad_searches_walk_the_date_index_and_answer_as_a_sort_would(
        app, staff, monkeypatch, caplog):
    leader, _ = staff("leader")
    with connection():
        visits.seed_visits(3000)
        with caplog.at_level(logging.DEBUG, logger="peewee"):
            walked = answers(leader)
        pages = [record.msg for record in caplog.records
                 if isinstance(record.msg, tuple) and "ORDER BY" in record.msg[0]
                 and "LIMIT" in record.msg[0]]
        plans = {}
        for sql, params in pages:
            plan = " ".join(row[3] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}",
                                                             params))
            plans[sql] = plan
        monkeypatch.setattr(search, "WALK_FROM", 10**9)
        sorted_answers = answers(leader)
    assert walked == sorted_answers
    assert walked[("visits", "khieu nai", 1)][0] > 500
    assert len(walked[("visits", "khieu nai", 3)][1]) == 20
    walks = [plan for sql, plan in plans.items() if "+(" in sql]
    assert any("USING INDEX visit_received_on" in plan for plan in walks)
    assert any("USING INDEX case_file_opened_on" in plan for plan in walks)
    assert all("USE TEMP B-TREE FOR ORDER BY" not in plan for plan in walks)
