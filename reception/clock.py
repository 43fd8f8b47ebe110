"""Local time of the headquarters: one place so tests can move the clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

# Tests replace this with a fixed datetime; production leaves it None.
frozen_now: datetime | None = None


def set_timezone(name: str) -> None:
    """Use the named IANA time zone for local dates (daily numbering, closing time)."""
    global TIMEZONE
    TIMEZONE = ZoneInfo(name)


def now() -> datetime:
    """Return the current time, aware, in the headquarters' time zone."""
    if frozen_now is not None:
        return frozen_now.astimezone(TIMEZONE)
    return datetime.now(TIMEZONE)


def today() -> date:
    """Return the local date used for daily numbering."""
    return now().date()


def to_storage(moment: datetime) -> datetime:
    """Return a naive UTC datetime, the form every timestamp is stored in."""
    return moment.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def stored_now() -> datetime:
    """Return now as stored in the database (naive UTC)."""
    return to_storage(now())


def from_storage(moment: datetime | None) -> datetime | None:
    """Return a stored naive UTC datetime as an aware local one."""
    if moment is None:
        return None
    return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(TIMEZONE)


def iso(moment: datetime | None) -> str | None:
    """Return a stored timestamp as ISO 8601 with the local offset, for clients."""
    local = from_storage(moment)
    return local.isoformat(timespec="seconds") if local else None


# Staff type dates the Vietnamese way; links and old bookmarks carry ISO dates.
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_date(text: str | None) -> date | None:
    """Return the date written dd/mm/yyyy (d/m/yyyy too) or YYYY-MM-DD, None for other text."""
    text = (text or "").strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def show_date(value: date | str | None) -> str:
    """Return a date (or a YYYY-MM-DD / dd/mm/yyyy text) as dd/mm/yyyy; other text unchanged."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    day = parse_date(value) if value else None
    return day.strftime("%d/%m/%Y") if day else (value or "")
