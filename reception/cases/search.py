"""Search visits and cases ignoring Vietnamese diacritics and case.

Each visit stores two normalised keys (reception.cases.text.search_key): its content and the
identity of the people in it. SQLite searches them with the FTS5 table `visit_fts` (word
prefixes); PostgreSQL with its full-text search on the keys (word prefixes, GIN indexes).
A user who may not see a denouncer's identity matches denunciations on their content only,
so a name search never reveals who denounced.
"""

import json
import operator
from datetime import date
from functools import reduce

from peewee import JOIN, SQL, Expression, NodeList, fn

from reception import characters
from reception.cases import access, options
from reception.cases.models import Case, Deadline, Visit, Visitor
from reception.cases.text import search_key
from reception.database import is_postgres, is_sqlite
from reception.extensions import db
from reception.models import User
from reception.translations import C_, N_, translate

MAX_PER_PAGE = 200
# Below this many matches a page is always read by sorting the matches (cheap enough).
WALK_FROM = 500


def visit_keys(visit: Visit, visitor, case: Case | None, fields: dict | None = None):
    """Return (content_key, identity_key) for a visit."""
    fields = fields if fields is not None else options.fields()
    content = search_key(
        visit.summary, visit.requests, visit.prior_handling, visit.transfer_to, visit.guidance,
        visit.note, options.MATTER_LABELS.get(visit.matter_type, ""),
        fields.get(visit.field, visit.field),
        case.code if case else "", case.title if case else "",
    )
    people = [visitor.full_name, visitor.id_number, visitor.old_id_number, visitor.phone,
              visitor.address]
    for person in json.loads(visit.representatives or "[]"):
        people += [person.get("full_name"), person.get("id_number")]
    return content, search_key(*people)


def reindex_case(case: Case) -> None:
    """Refresh the content keys of a case's visits after its code or title changed."""
    fields = options.fields()
    for visit in Visit.select().where(Visit.case == case):
        visit.content_key, visit.identity_key = visit_keys(visit, visit.visitor, case, fields)
        visit.save(only=[Visit.content_key, Visit.identity_key])


def _tokens(text: str) -> list[str]:
    return search_key(text).split()[:12]


def _fts_words(text: str) -> str:
    return " ".join(f'"{token}"*' for token in _tokens(text))


def _fts(match: str) -> Expression:
    return Expression(
        Visit.id, "IN", SQL("(SELECT rowid FROM visit_fts WHERE visit_fts MATCH ?)", [match])
    )


# PostgreSQL full-text search on the stored keys, word prefixes like SQLite's FTS5. The word
# vectors are stored columns (computed by PostgreSQL, reception.cases.storage) with GIN
# indexes: computed per row at query time they made every scan slow and misled the planner.
PG_VECTORS = {
    "words_content": "to_tsvector('simple', coalesce(content_key, ''))",
    "words_all": "to_tsvector('simple', coalesce(content_key, '') || ' ' || "
                 "coalesce(identity_key, ''))",
}


def _pg_words(column: str, prefixes: str) -> Expression:
    return SQL(f"{column} @@ to_tsquery('simple', %s)", [prefixes])


def _like_all(tokens, columns) -> Expression:
    """Return: every token occurs in one of the columns (ILIKE, served by pg_trgm)."""
    condition = None
    for token in tokens:
        either = None
        for column in columns:
            part = column.contains(token)
            either = part if either is None else (either | part)
        condition = either if condition is None else (condition & either)
    return condition


def match_clause(text: str, user) -> Expression | None:
    """Return the condition on Visit (joined with Case) for a free-text search, or None."""
    tokens = _tokens(text)
    if not tokens:
        return None
    if is_postgres():
        prefixes = " & ".join(f"{token}:*" for token in tokens if token.isalnum())
        if not prefixes:
            everything = _like_all(tokens, [Visit.content_key, Visit.identity_key])
            content_only = _like_all(tokens, [Visit.content_key])
        else:
            everything = _pg_words("words_all", prefixes)
            content_only = _pg_words("words_content", prefixes)
    else:
        words = _fts_words(text)
        everything = _fts(words)
        content_only = _fts(f"content_key : ({words})")
    identity = access.identity_clause(user)
    if identity is None:
        return everything
    return (everything & identity) | content_only


FILTER_LABELS = {"q": N_("Từ khóa tìm kiếm"), "status": C_("filter", "Trạng thái"),
                 "matter_type": C_("filter", "Loại vụ việc"), "field": C_("filter", "Lĩnh vực"),
                 "handling": C_("filter", "Hướng xử lý"), "deadline": C_("filter", "Thời hạn"),
                 "responsible_id": C_("filter", "Cán bộ phụ trách"),
                 "id_number": C_("filter", "Số định danh cá nhân")}
UNKNOWN_FILTER = N_("Bộ lọc “{key}”")


def check_filters(filters: dict) -> None:
    """Refuse search filters holding a control character, naming the filter.

    :raises ReceptionError: "invalid_characters".
    """
    for key, value in filters.items():
        label = FILTER_LABELS.get(key, UNKNOWN_FILTER)
        characters.check(value, translate(label).format(key=key),
                         field_en=translate(label, "en").format(key=key))


def search_cases(user, filters: dict, page: int = 1, per_page: int = 50) -> dict:
    """Return the cases a user may see that match a text and filters, newest first.

    filters: q, status, matter_type, field, responsible_id, deadline ("near" | "overdue").
    Newest first is by the day the case was opened (the date shown), then the moment.

    :raises ReceptionError: a filter holds a control character ("invalid_characters").
    """
    check_filters(filters)
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    conditions = []
    visible = access.case_clause(user)
    if visible is not None:
        conditions.append(visible)
    for name in ("status", "matter_type", "field"):
        if filters.get(name):
            conditions.append(getattr(Case, name) == filters[name])
    if filters.get("responsible_id"):
        conditions.append(Case.responsible == int(filters["responsible_id"]))
    if filters.get("deadline"):
        conditions.append(Case.id.in_(deadline_cases(filters["deadline"])))
    text = filters.get("q")
    condition = match_clause(text, user) if text else None
    if condition is not None:
        # IN ignores visits without a case; the join is needed only for the identity rule.
        matching = Visit.select(Visit.case)
        if access.identity_clause(user) is not None:
            matching = matching.join(Case, JOIN.LEFT_OUTER, on=(Visit.case == Case.id))
            matching = matching.where(condition)
        elif is_sqlite():
            # The case of each matching visit is read from the small index on visit.case_id
            # (case and visit id in each entry) instead of looking every visit row up: a
            # broad text matching 14,000 of 100,000 visits takes 45 instead of 69 ms, a
            # narrow one 4 ms more.
            matching = matching.where((Visit.case > 0) & _unindexed(condition))
        else:
            matching = matching.where(condition)
        conditions.append(Case.id.in_(matching))
    order = [Case.opened_on.desc(), Case.opened_at.desc(), Case.id.desc()]
    query = Case.select().where(*conditions) if conditions else Case.select()
    if condition is not None or not is_sqlite():
        # A text search is one pass that counts while reading: counting first would build
        # the list of matching visits twice.
        cases, total = _page_and_total(query, order, page, per_page)
    else:
        total = query.count()
        where = _newest_first(conditions, total, Case, page, per_page)
        paged = Case.select().where(*where) if where else Case.select()
        cases = (list(paged.order_by(*order).paginate(page, per_page))
                 if total > (page - 1) * per_page else [])
    return {"total": total, "page": page, "per_page": per_page, "cases": cases}


def _newest_first(conditions: list, total: int, model, page: int, per_page: int) -> list:
    """Return the conditions of a page query on SQLite, shaped so the cheaper plan is taken.

    SQLite's planner cannot know how many rows match: it always starts from the matches (an
    index on a filter, the FTS5 list) and sorts them all. With thousands of matches the sort
    is most of the answer time; walking the date index newest first and stopping once the page
    is full reads about (page end) × rows ÷ matches rows instead. A unary plus on the
    conditions (SQLite's documented way) keeps them off the indexes so the date index is used.
    """
    if total < WALK_FROM:
        return conditions
    rows = model.select(fn.MAX(model.id)).scalar() or 0
    if total * total <= page * per_page * rows:
        return conditions
    if not conditions:
        return conditions  # nothing to keep off the indexes: the date index serves the order
    return [_unindexed(reduce(operator.and_, conditions))]


def _unindexed(condition) -> NodeList:
    """Return a condition SQLite checks row by row but never looks up through an index."""
    return NodeList((SQL("+"), condition), glue="")


def _page_and_total(query, order: list, page: int, per_page: int) -> tuple[list, int]:
    """Return one page of a case query and how many cases match in all, in one pass.

    COUNT(*) OVER () counts the matching rows while the page is read, instead of a second
    query that would repeat the whole search (a broad search matches thousands of rows).
    Only the ids go through the count and the sort; the page's rows are read after.
    """
    found = list(query.select(Case.id, fn.COUNT(SQL("*")).over().alias("matched_total"))
                 .order_by(*order).paginate(page, per_page).tuples())
    if not found:
        return [], (query.count() if page > 1 else 0)
    rows = {row.id: row for row in Case.select().where(Case.id.in_([i for i, _ in found]))}
    return [rows[case_id] for case_id, _total in found], found[0][1]


def deadline_cases(kind: str, today: date | None = None):
    """Return a subquery of case ids with a running limit that is near or overdue."""
    from reception import clock
    from reception.cases.deadlines import near_limit

    today = today or clock.today()
    running = Deadline.met_at.is_null()
    if kind == "overdue":
        condition = running & (Deadline.due_on < today)
    else:
        condition = running & (Deadline.due_on >= today) & (Deadline.due_on <= near_limit(today))
    return Deadline.select(Deadline.case).where(condition)


def search_visits(user, filters: dict, page: int = 1, per_page: int = 50) -> dict:
    """Return the visits a user may see that match a text and filters, newest first.

    filters: q, start, end (local dates), matter_type, handling, id_number.

    :raises ReceptionError: a filter holds a control character ("invalid_characters").
    """
    check_filters(filters)
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    # The day (received_on, the local date of received_at) comes first in the order and in
    # the period so SQLite can read the newest visits through its index.
    period = []
    if filters.get("start"):
        period.append(Visit.received_on >= filters["start"])
    if filters.get("end"):
        period.append(Visit.received_on <= filters["end"])
    conditions = []
    visible = access.visit_clause(user)
    if visible is not None:
        conditions.append(visible)
    for name in ("matter_type", "handling"):
        if filters.get(name):
            conditions.append(getattr(Visit, name) == filters[name])
    text = filters.get("q")
    condition = match_clause(text, user) if text else None
    counted = Visit.select(Visit.id)
    if condition is not None:
        conditions.append(condition)
        if access.identity_clause(user) is not None:
            counted = counted.join(Case, JOIN.LEFT_OUTER, on=(Visit.case == Case.id))
    # Counted apart: a window over these wide rows (visit and case) costs more than a second
    # pass that reads only ids, and the count needs the case only for the identity rule.
    if is_sqlite() and conditions == [condition] and not period and condition is not None \
            and access.identity_clause(user) is None:
        # The text is the whole question: the FTS5 index counts its rows (one per visit)
        # without looking each visit up (14,000 matches: 48 → 15 ms).
        total = db.execute_sql("SELECT COUNT(*) FROM visit_fts WHERE visit_fts MATCH ?",
                               [_fts_words(text)]).fetchone()[0]
    else:
        if period or conditions:
            counted = counted.where(*period, *conditions)
        total = counted.count()
    if is_sqlite():
        conditions = _newest_first(conditions, total, Visit, page, per_page)
    query = Visit.select(Visit, Case).join(Case, JOIN.LEFT_OUTER, on=(Visit.case == Case.id))
    if period or conditions:
        query = query.where(*period, *conditions)
    visits = []
    if total > (page - 1) * per_page:  # else the page is past the end: no second pass
        visits = list(query.order_by(Visit.received_on.desc(), Visit.received_at.desc(),
                                     Visit.id.desc()).paginate(page, per_page))
    _attach_people(visits)
    return {"total": total, "page": page, "per_page": per_page, "visits": visits}


def _attach_people(visits: list[Visit]) -> None:
    """Load a page's visitors and receiving officers in two queries instead of two per visit."""
    if not visits:
        return
    visitors = {row.id: row for row in Visitor.select().where(
        Visitor.id.in_({visit.visitor_id for visit in visits}))}
    officers = {row.id: row for row in User.select().where(
        User.id.in_({visit.received_by_id for visit in visits if visit.received_by_id}))}
    for visit in visits:
        visit.visitor = visitors[visit.visitor_id]
        if visit.received_by_id:
            visit.received_by = officers[visit.received_by_id]
