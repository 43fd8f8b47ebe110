"""Staff side of online petitions: the list, one petition, its files and its classification.

The same rules as a visit (reception.cases.access): security staff see nothing; officers,
leaders and admins see petitions; a confidential one's sender (name, phone, address, ID,
e-mail and the attached files, which may show handwriting) is visible only to leaders,
admins and the officer in charge. Every view, file download and refusal is audited.
"""

from pathlib import Path

from peewee import JOIN, fn

from reception import characters, clock, notifications
from reception.cases import access, audit, options
from reception.cases.models import DENUNCIATION, HANDLINGS, MATTER_TYPES
from reception.database import write_transaction
from reception.errors import Forbidden, Invalid, NotFound
from reception.models import Service, User
from reception.notifications import texts
from reception.petitions import files
from reception.petitions.intake import link, status_url
from reception.petitions.models import CLASSIFIED, RECEIVED, Petition, PetitionFile

IDENTITY = ("full_name", "phone", "email", "address", "id_number")
NOTE_MAX = 2000


def is_confidential(petition: Petition) -> bool:
    """Tell whether the sender's identity is secret (chosen or classified a denunciation)."""
    return petition.confidential or petition.matter_type == DENUNCIATION


def identity_visible(user, petition: Petition) -> bool:
    """Tell whether the user may see who sent the petition and its files."""
    if getattr(user, "role", None) not in access.CASE_ROLES:
        return False
    if not is_confidential(petition) or access.sees_all(user):
        return True
    return petition.responsible_id == getattr(user, "id", None)


def _find(user, petition_id: int, action: str) -> Petition:
    access.require_records_role(user, action, "petition", petition_id)
    petition = Petition.get_or_none(Petition.id == petition_id)
    if petition is None:
        raise NotFound("not_found", what=f"đơn {petition_id}")
    return petition


def summary(petition: Petition, user, file_count: int | None = None) -> dict:
    """Return a petition's row for the list (identity masked when not visible)."""
    shown = identity_visible(user, petition)
    return {
        "id": petition.id, "code": petition.code, "status": petition.status,
        "received_at": petition.received_at,
        "full_name": petition.full_name if shown else access.MASK,
        "service": petition.service.name_vi if petition.service_id else "—",
        "confidential": is_confidential(petition),
        "matter_type": petition.matter_type, "field": petition.field,
        "content_group": petition.content_group, "handling": petition.handling,
        "files": petition.files.count() if file_count is None else file_count,
    }


def list_petitions(user, status: str = "") -> list[dict]:
    """Return petitions, those awaiting classification first, newest first.

    :raises ReceptionError: Forbidden (audited) for security staff; Invalid for an unknown
        status.
    """
    access.require_records_role(user, "petition.list", "petition")
    if status and status not in (RECEIVED, CLASSIFIED):
        raise Invalid("unknown_choice", field="Trạng thái", field_en="Status",
                      value=status, choices=f"{RECEIVED}, {CLASSIFIED}")
    query = Petition.select(Petition, Service).join(Service, JOIN.LEFT_OUTER)
    if status:
        query = query.where(Petition.status == status)
    rows = list(query.order_by((Petition.status == CLASSIFIED), Petition.received_at.desc(),
                               Petition.id.desc()).limit(500))
    counts = dict(PetitionFile.select(PetitionFile.petition, fn.COUNT(PetitionFile.id))
                  .where(PetitionFile.petition.in_([p.id for p in rows]))
                  .group_by(PetitionFile.petition).tuples()) if rows else {}
    audit.log(user, "petition.list", "petition", "", {"status": status} if status else None)
    return [summary(p, user, counts.get(p.id, 0)) for p in rows]


def petition_view(user, petition_id: int) -> dict:
    """Return one petition for the staff page; audited as petition.view.

    :raises ReceptionError: NotFound unknown; Forbidden (audited) for security staff.
    """
    petition = _find(user, petition_id, "petition.view")
    shown = identity_visible(user, petition)
    audit.log(user, "petition.view", "petition", petition.id,
              {"identity": shown} if is_confidential(petition) else None)
    view = summary(petition, user)
    for key in IDENTITY:
        value = getattr(petition, key)
        view[key] = value if shown or value in (None, "") else access.MASK
    view.update({
        "identity_visible": shown, "content": petition.content,
        "status_url": status_url(petition.code),
        "classification_note": petition.classification_note,
        "classified_at": petition.classified_at,
        "classified_by": _name(petition.classified_by) if petition.classified_by_id else None,
        "responsible_id": petition.responsible_id,
        "responsible": _name(petition.responsible) if petition.responsible_id else None,
        "may_classify": may_classify(user, petition),
        "file_list": [
            {"id": f.id, "name": f.original_name if shown else f"Tệp {f.position + 1}",
             "media_type": f.media_type, "size": f.size}
            for f in petition.files.order_by(PetitionFile.position)
        ] if shown else [],
        "files_hidden": not shown and petition.files.count() > 0,
    })
    return view


def may_classify(user, petition: Petition) -> bool:
    """Officers classify ordinary petitions; a confidential one only leaders, admins or the
    officer in charge (classifying must not be a way to see a denouncer)."""
    if getattr(user, "role", None) not in access.CASE_ROLES:
        return False
    return not is_confidential(petition) or identity_visible(user, petition)


def classify(user, petition_id: int, values: dict, base_url: str = "") -> Petition:
    """Record an officer's classification (form 02/XLD) and tell the sender, neutrally.

    :raises ReceptionError: NotFound, Forbidden (audited), Invalid for an unknown choice or a
        long note.
    """
    access.require_records_role(user, "petition.classify", "petition", petition_id)
    matter_type, field = values.get("matter_type") or "", values.get("field") or ""
    handling = values.get("handling") or ""
    note = (values.get("note") or "").strip()
    fields = options.fields()
    for key, value, allowed, label, label_en in (
            ("matter_type", matter_type, MATTER_TYPES, "Loại đơn", "Matter type"),
            ("field", field, tuple(fields), "Lĩnh vực", "Field"),
            ("handling", handling, HANDLINGS, "Hướng xử lý", "Handling")):
        if value not in allowed:
            raise Invalid("unknown_choice", field=label, field_en=label_en,
                          value=value, choices=", ".join(allowed), fields=[key])
    characters.check(note, "Ghi chú", multiline=True, field_en="Note")
    if len(note) > NOTE_MAX:
        raise Invalid("invalid_value", field="Ghi chú", detail=f"tối đa {NOTE_MAX} ký tự")
    responsible = None
    if values.get("responsible"):
        chosen = str(values["responsible"])
        if chosen.isascii() and chosen.isdigit() and len(chosen) < 19:
            responsible = User.get_or_none((User.id == int(chosen)) & User.active
                                           & User.role.in_(access.CASE_ROLES))
        if responsible is None:
            raise NotFound("not_found", what="cán bộ phụ trách")
    # Refusals are checked (and audited) before the write: a rollback would undo their audit.
    petition = _find(user, petition_id, "petition.classify")
    if not may_classify(user, petition):
        access.deny(user, "petition.classify", "petition", petition.id)
    if responsible is not None and not access.sees_all(user) and responsible.id != user.id:
        access.deny(user, "petition.assign", "petition", petition.id)
    with write_transaction():
        petition = Petition.get_by_id(petition.id)
        before = audit.snapshot(petition)
        first_time = petition.status != CLASSIFIED
        moment = clock.stored_now()
        petition.matter_type, petition.field, petition.handling = matter_type, field, handling
        petition.content_group = options.content_group(field)
        petition.classification_note = note
        petition.status = CLASSIFIED
        petition.classified_at, petition.classified_by = moment, user
        petition.responsible = responsible or petition.responsible or (
            user if user.role == "officer" else None)
        petition.updated_at = moment
        petition.save()
        audit.record_change(user, petition, before)
        audit.log(user, "petition.classify", "petition", petition.id)
        if first_time:
            subject, body, sms = texts.petition_classified(petition.code,
                                                           link(base_url, petition.code))
            notifications.enqueue("petition_classified", email=petition.email,
                                  phone=petition.phone, subject=subject, body=body, sms=sms,
                                  about=f"petition:{petition.id}", name=petition.full_name)
    notifications.kick()
    return petition


def file_for(user, petition_id: int, file_id: int, folder: Path):
    """Return (path, media type, download name) of a petition's file under folder; audited.

    :raises ReceptionError: NotFound unknown; Forbidden (audited) when the sender is secret to
        the user.
    """
    petition = _find(user, petition_id, "petition.file")
    stored = PetitionFile.get_or_none((PetitionFile.id == file_id)
                                      & (PetitionFile.petition == petition))
    if stored is None:
        raise NotFound("not_found", what=f"tệp {file_id}")
    if not identity_visible(user, petition):
        audit.log(user, "petition.file.denied", "petition", petition.id, {"file": file_id})
        raise Forbidden("identity_protected")
    audit.log(user, "petition.file", "petition", petition.id, {"file": file_id})
    path = files.path_of(folder, petition.code, stored.stored_name)
    if not path.is_file():
        raise NotFound("not_found", what=f"tệp {file_id}")
    return path, stored.media_type, f"{petition.code}-{stored.position + 1}.{path.suffix[1:]}"


def officers() -> list[User]:
    """Return the active officers, leaders and admins a petition can be put in charge of."""
    return list(User.select().where(User.active & User.role.in_(access.CASE_ROLES))
                .order_by(User.full_name, User.username))


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else "—"
