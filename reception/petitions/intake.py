"""Receive a petition sent online, and tell anyone holding its code how far it has got.

The public sees only the code, whether it was received or classified, and when: never the
matter, so a denunciation's status reads like any other (Luật Tố cáo Điều 8.3, 47).
"""

import logging
import secrets
import unicodedata

from reception import characters, clock, notifications
from reception.cases import audit
from reception.cases.identity import validate_id_number
from reception.config import PetitionIntake
from reception.contacts import normal_phone, valid_email
from reception.database import connection, write_transaction
from reception.errors import Invalid, NotFound, RateLimited
from reception.extensions import rate_limits
from reception.models import Service
from reception.notifications import texts
from reception.petitions import files
from reception.petitions.models import RECEIVED, Petition, PetitionFile

log = logging.getLogger(__name__)

# Without 0/O, 1/I/L, 2/Z, 5/S, 8/B: read aloud or copied by hand without doubt.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 10
NAME_MAX, ADDRESS_MAX, CONTENT_MAX = 120, 300, 10000
# How a status page is reached from a code (the /tra-cuu page); set from the app.
STATUS_PATH = "/tra-cuu?ma={code}"


def new_code() -> str:
    """Return a fresh unguessable petition code (10 letters and digits, ~46 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def status_url(code: str) -> str:
    """Return the public address where a petition's status is looked up."""
    return STATUS_PATH.format(code=code)


def _text(values: dict, key: str, label: str, label_en: str, maximum: int,
          multiline: bool = False, required: bool = True) -> str:
    value = values.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid("invalid_value", field=label, detail="phải là chuỗi ký tự",
                      fields=[key])
    value = unicodedata.normalize("NFC", value).strip()
    characters.check(value, label, multiline=multiline, field_en=label_en)
    if required and not value:
        raise Invalid("invalid_value", field=label, detail="không được để trống",
                      fields=[key])
    if len(value) > maximum:
        raise Invalid("invalid_value", field=label, detail=f"tối đa {maximum} ký tự",
                      fields=[key])
    return value


def clean_petition(values: dict) -> dict:
    """Return a petition's fields checked and normalised.

    :raises Invalid: naming the field at fault.
    """
    cleaned = {
        "full_name": _text(values, "name", "Họ và tên", "Full name", NAME_MAX),
        "address": _text(values, "address", "Địa chỉ", "Address", ADDRESS_MAX),
        "content": _text(values, "content", "Nội dung đơn", "Content", CONTENT_MAX,
                         multiline=True),
    }
    phone = normal_phone(_text(values, "phone", "Số điện thoại", "Phone", 20))
    if not phone:
        raise Invalid("invalid_phone", fields=["phone"])
    cleaned["phone"] = phone
    email = _text(values, "email", "Thư điện tử", "E-mail", 254, required=False)
    if email and not valid_email(email):
        raise Invalid("invalid_value", field="Thư điện tử",
                      detail="không đúng dạng ten@mien.vn", fields=["email"])
    cleaned["email"] = email
    id_number = _text(values, "id_number", "Số định danh cá nhân", "ID number", 12,
                      required=False)
    cleaned["id_number"] = validate_id_number(id_number) if id_number else None
    code = _text(values, "service", "Loại việc", "Service", 8)
    service = Service.get_or_none((Service.code == code) & Service.active)
    if service is None:
        raise Invalid("unknown_service", service=code, fields=["service"])
    cleaned["service"] = service
    return cleaned


def check_rate(address: str | None, intake: PetitionIntake) -> None:
    """Count one petition from this address; refuse it when the address is over its limit
    (intake.address_limit, a moving window: an office's public Wi-Fi shares one address).

    :raises RateLimited: rate_limited (param retry_after: seconds).
    """
    try:
        if rate_limits.hit(intake.address_limit, "petition", address or "-"):
            return
        wait = rate_limits.retry_after(intake.address_limit, "petition", address or "-")
    except Exception:  # the counter's storage (Redis) is down: petitions still go through
        log.exception("petition rate limit unavailable; not limiting")
        return
    raise RateLimited("rate_limited", retry_after=wait)


def link(base_url: str, code: str) -> str:
    """Return the full status address to put in a message (base: RECEPTION_PUBLIC_URL or the
    address the request came to)."""
    return f"{(base_url or '').rstrip('/')}{status_url(code)}"


def submit(values: dict, uploads: list, address: str | None, base_url: str,
           intake: PetitionIntake) -> Petition:
    """Receive a petition with up to five files; queue its confirmation; return it.

    intake: where the files go and the per-address limit (the app's Settings.petitions).

    Nothing is stored when anything is refused. The files are written first and removed again
    if the database transaction fails.

    :raises ReceptionError: Invalid a bad field, TooLarge a file over 10 MB, UnsupportedType a
        file that is not PDF, JPEG or PNG, RateLimited too many petitions from this address.
    """
    with connection():
        cleaned = clean_petition(values)
    checked = files.read_uploads(uploads)
    check_rate(address, intake)
    code = new_code()
    stored = files.store(intake.folder, code, checked) if checked else []
    try:
        with write_transaction():
            moment = clock.stored_now()
            service = cleaned.pop("service")
            petition = Petition.create(code=code, service=service,
                                       confidential=bool(service.confidential),
                                       received_at=moment, updated_at=moment, **cleaned)
            for values_of_file in stored:
                PetitionFile.create(petition=petition, **values_of_file)
            audit.log(None, "petition.submit", "petition", petition.id,
                      {"files": len(stored)})
            subject, body, sms = texts.petition_received(code, link(base_url, code))
            notifications.enqueue("petition_received", email=petition.email,
                                  phone=petition.phone, subject=subject, body=body, sms=sms,
                                  about=f"petition:{petition.id}", name=petition.full_name)
    except BaseException:
        files.discard(intake.folder, code)
        raise
    notifications.kick()
    return petition


def petition_status(code: str) -> dict:
    """Return what the public may know of a petition: code, status and dates.

    :raises NotFound: no petition has this code.
    """
    code = (code or "").strip().upper()
    with connection():
        petition = Petition.get_or_none(Petition.code == code) if code.isalnum() else None
    if petition is None:
        raise NotFound("not_found", what="đơn có mã này")
    return {
        "code": petition.code,
        "status": petition.status,
        "received_at": clock.iso(petition.received_at),
        "classified_at": clock.iso(petition.classified_at),
        "status_url": status_url(petition.code),
    }


__all__ = ["RECEIVED", "petition_status", "submit"]
