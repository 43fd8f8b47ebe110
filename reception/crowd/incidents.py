"""The incident log (sự việc): acknowledging alerts and writing notes. Owns its transactions."""

import unicodedata

from reception import characters, clock
from reception.crowd import live
from reception.crowd.alerts import ACKNOWLEDGED, NOTE
from reception.crowd.models import CrowdAlert, IncidentEntry
from reception.database import write_transaction
from reception.errors import Conflict, Invalid, NotFound

NOTE_MAX = 1000


def clean_text(text, field: str = "Ghi chú") -> str:
    """Return a note as NFC text without surrounding spaces.

    :raises ReceptionError: not text, or longer than NOTE_MAX characters.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        raise Invalid("invalid_value", field=field, detail="phải là chuỗi ký tự")
    text = unicodedata.normalize("NFC", text).strip()
    characters.check(text, field, multiline=True)
    if len(text) > NOTE_MAX:
        raise Invalid("invalid_value", field=field, detail=f"tối đa {NOTE_MAX} ký tự")
    return text


def acknowledge(alert_id: int, user, note: str | None = None) -> CrowdAlert:
    """Record that a person has seen an alert, with an optional note.

    :raises ReceptionError: unknown alert (NotFound) or one already acknowledged (Conflict).
    """
    note = clean_text(note)
    with write_transaction():
        alert = CrowdAlert.get_or_none(CrowdAlert.id == alert_id)
        if alert is None:
            raise NotFound("not_found", what=f"cảnh báo {alert_id}")
        if alert.acknowledged_at is not None:
            raise Conflict("alert_already_acknowledged",
                           who=_name(alert.acknowledged_by),
                           at=clock.from_storage(alert.acknowledged_at).strftime("%H:%M"))
        moment = clock.stored_now()
        alert.acknowledged_at = moment
        alert.acknowledged_by = user
        alert.ack_note = note or None
        alert.save()
        IncidentEntry.create(day=clock.today(), at=moment, kind=ACKNOWLEDGED, alert=alert,
                             user=user, text=note)
    live.crowd_changed()
    return alert


def add_note(text: str, user) -> IncidentEntry:
    """Write a free note into today's incident log.

    :raises ReceptionError: an empty or too long note.
    """
    text = clean_text(text)
    if not text:
        raise Invalid("invalid_value", field="Ghi chú", detail="không được để trống")
    with write_transaction():
        entry = IncidentEntry.create(day=clock.today(), at=clock.stored_now(), kind=NOTE,
                                     user=user, text=text)
    live.crowd_changed()
    return entry


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else "—"
