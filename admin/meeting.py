"""The choices of the desk's meeting record form, in the page's language.

The lists' codes and Vietnamese names come from reception.cases.options (fields and refusal
reasons are configurable and legal terms, so they stay Vietnamese in English too).
"""

from admin.texts import text
from reception import clock, schedule
from reception.cases import options


def record_choices(lang: str) -> dict:
    """Return the meeting record's select lists as [(code, label)] per list."""

    def named(prefix: str, codes) -> list[tuple[str, str]]:
        return [(code, text(f"{prefix}_{code}", lang)) for code in codes]

    return {
        "matter_types": named("matter", options.MATTER_LABELS),
        "fields": list(options.fields().items()),
        "handlings": named("handling", options.HANDLING_LABELS),
        "refusal_reasons": list(options.REFUSAL_REASONS.items()),
        "reception_kinds": named("reception", options.RECEPTION_LABELS),
        "session_kinds": named("session", options.SESSION_LABELS),
        "sexes": named("sex", ("nam", "nu")),
    }


def record_defaults(user) -> dict:
    """Return who receives by default: the head in person during their own session now."""
    now = clock.now()
    for session in schedule.occurrences(now.date(), now.date()):
        if session.entry.leader_user_id == user.id and session.start <= now.time() < session.end:
            return {"reception_kind": "head_in_person", "session_kind": session.entry.kind}
    return {"reception_kind": "officer", "session_kind": "scheduled"}
