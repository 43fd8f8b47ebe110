"""The choices of the desk's meeting record form, in the page's language.

The lists' codes and Vietnamese names come from reception.cases.options (fields and refusal
reasons are configurable and legal terms, so they stay Vietnamese in English too).
"""

from admin.texts import text
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
