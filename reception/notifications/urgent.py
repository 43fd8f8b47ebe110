"""Urgent reports out of the building: crowd alerts sent at once by e-mail and SMS.

When reception.crowd.alerts raises a group, "đông" or "quá đông" alert, alert_raised() queues
one e-mail and one SMS per recipient in the same transaction: the leader on duty (from the
roster), the inspectorate, the police post and anyone else the admin listed. The text says
what happened, how many people and when; it names the matter only when it is not
confidential (a denunciation is never named, Luật Tố cáo Điều 8.3). Until the admin lists
recipients, RECEPTION_ALERT_EMAILS and RECEPTION_ALERT_PHONES (comma lists) are told.
"""

import unicodedata

from reception import characters, clock, contacts
from reception import settings as org_settings
from reception.crowd import alerts
from reception.database import write_transaction
from reception.errors import Invalid, NotFound
from reception.models import Service, Ticket, User
from reception.notifications import outbox
from reception.notifications.models import AlertRecipient, Notification
from reception.schedule.models import DutyShift
from reception.translations import C_, N_

URGENT_KINDS = (alerts.GROUP, alerts.CROWDED, alerts.OVERCROWDED)
RECIPIENT_KINDS = {
    "leader": N_("Lãnh đạo trực"),
    "inspectorate": N_("Thanh tra"),
    "police": N_("Công an"),
    "other": C_("recipient_kind", "Khác"),
}
# RECEPTION_ALERT_EMAILS / RECEPTION_ALERT_PHONES, installed once by configure(): alerts are
# raised inside the ticket path (reception.crowd.alerts), which should not carry them.
_defaults: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
STATUS_LABELS = {"pending": "đang chờ gửi", "sending": "đang gửi", "sent": "đã gửi",
                 "failed": "gửi không được"}


def configure(emails: tuple[str, ...], phones: tuple[str, ...]) -> None:
    """Tell these addresses and numbers of alerts while the admin has listed nobody."""
    global _defaults
    _defaults = (tuple(emails), tuple(phones))


def default_recipients() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (e-mail addresses, phone numbers) told while the admin has listed nobody."""
    return _defaults


def recipients_today(day=None) -> list[dict]:
    """Return who is told of an alert today: {"name", "kind", "email", "phone"}.

    Leaders only on a day the roster has them on duty; the configured defaults while the
    admin has listed nobody.
    """
    day = day or clock.today()
    listed = list(AlertRecipient.select().where(AlertRecipient.active))
    if not AlertRecipient.select().exists():
        emails, phones = _defaults
        return ([{"name": e, "kind": "other", "email": e, "phone": ""} for e in emails]
                + [{"name": p, "kind": "other", "email": "", "phone": p} for p in phones])
    shifts = list(DutyShift.select().where(DutyShift.day == day))
    on_duty_users = {s.user_id for s in shifts if s.user_id}
    on_duty_names = {_fold(s.person_name) for s in shifts}
    told = []
    for person in listed:
        if person.kind == "leader" and not (
                (person.user_id and person.user_id in on_duty_users)
                or _fold(person.name) in on_duty_names):
            continue
        told.append({"name": person.name, "kind": person.kind, "email": person.email,
                     "phone": person.phone})
    return told


def _fold(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def _matter(payload: dict) -> str | None:
    """Return the matter of a group alert, or None when it is confidential or unknown."""
    service = None
    if payload.get("source") == "ticket" and payload.get("ticket_id"):
        ticket = Ticket.get_or_none(Ticket.id == payload["ticket_id"])
        service = ticket.service if ticket else None
    elif payload.get("source") == "walk_in" and payload.get("walk_in_id"):
        from reception.crowd.models import WalkIn

        walk_in = WalkIn.get_or_none(WalkIn.id == payload["walk_in_id"])
        service = (Service.get_or_none(Service.id == walk_in.service_id)
                   if walk_in and walk_in.service_id else None)
    if service is None or service.confidential:
        return None
    return service.name_vi


def alert_text(alert, payload: dict) -> tuple[str, str, str]:
    """Return (subject, body, sms) of an urgent alert."""
    org = org_settings.get("org_name") or "Trụ sở Tiếp công dân"
    when = clock.from_storage(alert.raised_at)
    at = f"{when:%H:%M} ngày {when:%d/%m/%Y}"
    what = alerts.message(alert.kind, payload, "vi")
    people = payload.get("party_size") or payload.get("people")
    matter = _matter(payload) if alert.kind == alerts.GROUP else None
    lines = [f"BÁO CÁO KHẨN – {org}", "", f"Sự việc: {what}", f"Số người: {people}"]
    if matter:
        lines.append(f"Nội dung: {matter}")
    lines += [f"Thời điểm: {at}", "",
              "Đề nghị lãnh đạo, thanh tra, công an phối hợp xử lý theo kế hoạch.",
              "(Tin báo tự động từ hệ thống tiếp công dân.)"]
    sms = f"KHẨN {org}: {what} {at}."
    if matter:
        sms = f"KHẨN {org}: {what} Nội dung: {matter}. {at}."
    return f"[KHẨN] {what} – {org}", "\n".join(lines), sms


def alert_raised(alert, payload: dict) -> int:
    """Queue the urgent e-mails and SMS of a newly raised alert (caller's transaction).

    Returns how many messages were queued; alerts that are not urgent queue nothing.
    """
    if alert.kind not in URGENT_KINDS:
        return 0
    subject, body, sms = alert_text(alert, payload)
    queued = 0
    for person in recipients_today(clock.from_storage(alert.raised_at).date()):
        queued += len(outbox.enqueue(
            "crowd_alert", email=person["email"], phone=person["phone"], subject=subject,
            body=body, sms=sms, about=f"crowd_alert:{alert.id}", name=person["name"]))
    return queued


def told(alert_ids) -> dict:
    """Return {alert id: [{"name", "channel", "status", "status_label", "sent_at"}]}."""
    ids = [f"crowd_alert:{i}" for i in alert_ids]
    found: dict = {}
    if not ids:
        return found
    for row in (Notification.select().where(Notification.about.in_(ids))
                .order_by(Notification.id)):
        found.setdefault(int(row.about.split(":")[1]), []).append({
            "name": row.recipient_name or row.recipient, "channel": row.channel,
            "status": row.status, "status_label": STATUS_LABELS.get(row.status, row.status),
            "sent_at": clock.iso(row.sent_at)})
    return found


def with_told(alert_views: list[dict]) -> list[dict]:
    """Add to each alert (snapshot.alert_view) the list of who was told of it."""
    by_alert = told([view["id"] for view in alert_views])
    for view in alert_views:
        view["notified"] = by_alert.get(view["id"], [])
    return alert_views


# The recipients' admin page.

def list_recipients() -> list[AlertRecipient]:
    """Return every recipient, by kind then name."""
    return list(AlertRecipient.select().order_by(AlertRecipient.kind, AlertRecipient.name))


def save_recipient(values: dict, recipient_id: int | None = None) -> AlertRecipient:
    """Create or change a recipient.

    :raises Invalid: a bad kind, an empty name, no valid contact.
    """
    kind = values.get("kind") or ""
    if kind not in RECIPIENT_KINDS:
        raise Invalid("unknown_choice", field="Loại người nhận", field_en="Kind",
                      value=kind, choices=", ".join(RECIPIENT_KINDS))
    name = unicodedata.normalize("NFC", values.get("name") or "").strip()
    characters.check(name, "Họ tên / đơn vị", field_en="Name")
    if not name or len(name) > 120:
        raise Invalid("invalid_value", field="Họ tên / đơn vị",
                      detail="cần từ 1 đến 120 ký tự")
    email = (values.get("email") or "").strip()
    phone_typed = (values.get("phone") or "").strip()
    phone = contacts.normal_phone(phone_typed)
    if (email and not contacts.valid_email(email)) or (phone_typed and not phone) or not (
            email or phone):
        raise Invalid("recipient_contact_required")
    user = None
    if values.get("user"):
        chosen = str(values["user"])
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19:
            user = User.get_or_none(User.id == int(chosen))
        if user is None:
            raise NotFound("not_found", what="tài khoản")
    with write_transaction():
        if recipient_id is None:
            return AlertRecipient.create(kind=kind, name=name, email=email, phone=phone,
                                         user=user, active=bool(values.get("active", True)),
                                         created_at=clock.stored_now())
        recipient = AlertRecipient.get_or_none(AlertRecipient.id == recipient_id)
        if recipient is None:
            raise NotFound("not_found", what=f"người nhận {recipient_id}")
        recipient.kind, recipient.name, recipient.email, recipient.phone = (
            kind, name, email, phone)
        recipient.user = user
        recipient.active = bool(values.get("active", True))
        recipient.save()
        return recipient


def delete_recipient(recipient_id: int) -> None:
    """Remove a recipient.

    :raises NotFound: unknown.
    """
    with write_transaction():
        if not AlertRecipient.delete().where(AlertRecipient.id == recipient_id).execute():
            raise NotFound("not_found", what=f"người nhận {recipient_id}")
