"""Search visits and cases ignoring Vietnamese diacritics and case.

Each visit stores two normalised keys (reception.cases.text.search_key): its content and the
identity of the people in it. SQLite searches them with the FTS5 table `visit_fts` (word
prefixes); PostgreSQL with its full-text search on the keys (word prefixes, GIN indexes).
A user who may not see a denouncer's identity matches denunciations on their content only,
so a name search never reveals who denounced.
"""

import json
from datetime import date

from peewee import JOIN, SQL, Expression, fn

from reception.cases import access, options
from reception.cases.models import Case, Deadline, Visit, Visitor
from reception.cases.text import search_key
from reception.database import is_postgres
from reception.models import User

MAX_PER_PAGE = 200


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
        words = " ".join(f'"{token}"*' for token in tokens)
        everything = _fts(words)
        content_only = _fts(f"content_key : ({words})")
    identity = access.identity_clause(user)
    if identity is None:
        return everything
    return (everything & identity) | content_only


def search_cases(user, filters: dict, page: int = 1, per_page: int = 50) -> dict:
    """Return the cases a user may see that match a text and filters, newest first.

    filters: q, status, matter_type, field, responsible_id, deadline ("near" | "overdue").
    """
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    query = Case.select()
    visible = access.case_clause(user)
    if visible is not None:
        query = query.where(visible)
    for name in ("status", "matter_type", "field"):
        if filters.get(name):
            query = query.where(getattr(Case, name) == filters[name])
    if filters.get("responsible_id"):
        query = query.where(Case.responsible == int(filters["responsible_id"]))
    if filters.get("deadline"):
        query = query.where(Case.id.in_(deadline_cases(filters["deadline"])))
    text = filters.get("q")
    condition = match_clause(text, user) if text else None
    if condition is not None:
        # IN ignores visits without a case; the join is needed only for the identity rule.
        matching = Visit.select(Visit.case)
        if access.identity_clause(user) is not None:
            matching = matching.join(Case, JOIN.LEFT_OUTER, on=(Visit.case == Case.id))
        query = query.where(Case.id.in_(matching.where(condition)))
    cases, total = _page_and_total(query, [Case.opened_at.desc(), Case.id.desc()], page,
                                   per_page)
    return {"total": total, "page": page, "per_page": per_page, "cases": cases}


def _page_and_total(query, order: list, page: int, per_page: int) -> tuple[list, int]:
    """Return one page of a query and how many rows match in all, in one pass.

    COUNT(*) OVER () counts the matching rows while the page is read, instead of a second
    query that would repeat the whole search (a broad search matches thousands of rows).
    """
    rows = list(query.select_extend(fn.COUNT(SQL("*")).over().alias("matched_total"))
                .order_by(*order).paginate(page, per_page))
    if rows:
        return rows, rows[0].matched_total
    return rows, (query.count() if page > 1 else 0)


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
    """
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    query = Visit.select(Visit, Case).join(Case, JOIN.LEFT_OUTER, on=(Visit.case == Case.id))
    visible = access.visit_clause(user)
    if visible is not None:
        query = query.where(visible)
    if filters.get("start"):
        query = query.where(Visit.received_on >= filters["start"])
    if filters.get("end"):
        query = query.where(Visit.received_on <= filters["end"])
    for name in ("matter_type", "handling"):
        if filters.get(name):
            query = query.where(getattr(Visit, name) == filters[name])
    text = filters.get("q")
    condition = match_clause(text, user) if text else None
    if condition is not None:
        query = query.where(condition)
    # Counted apart: a window over these wide rows (visit and case) costs more than a second
    # pass that reads only ids.
    total = query.count()
    visits = list(query.order_by(Visit.received_at.desc(), Visit.id.desc())
                  .paginate(page, per_page))
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
