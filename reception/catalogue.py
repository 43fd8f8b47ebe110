"""Administration of the headquarters: services, counters, staff accounts and settings.

Each change validates its input first, runs in one write transaction and, after the commit,
asks reception.realtime for fresh snapshots so display boards and desks show it at once.
A refused change raises ReceptionError (Vietnamese message) and stores nothing.
"""

import re
import unicodedata

from reception import characters, realtime, sessions, users
from reception import settings as org_settings
from reception.database import write_transaction
from reception.errors import Conflict, Invalid, NotFound
from reception.models import (
    OPEN_AT_COUNTER,
    WAITING,
    Counter,
    CounterService,
    Service,
    Ticket,
    User,
)

SERVICE_CODE = re.compile(r"^[A-Za-z0-9_-]{1,8}$")
PRIORITY_CODE = re.compile(r"^[a-z0-9_-]{1,32}$")
GROUP_THRESHOLD_RANGE = (2, 100)
# The API refuses party sizes above 500 whatever the setting says.
PARTY_SIZE_CEILING = 500
PRIORITY_LABELS = ("Mã đối tượng ưu tiên", "Tên đối tượng ưu tiên",
                   "Tên tiếng Anh đối tượng ưu tiên")
# Organisation texts typed in a textarea: they may hold line breaks.
MULTI_LINE_TEXTS = ("notice_text", "ticket_notice")
ORGANISATION_TEXTS = {
    # key: (label in messages, maximum length, required)
    "org_name": ("Tên cơ quan, đơn vị", 200, True),
    "org_level": ("Cấp / loại cơ quan", 100, False),
    "org_address": ("Địa chỉ", 300, False),
    "notice_text": ("Thông báo trên bảng hiển thị", 1000, False),
    "ticket_title": ("Tiêu đề phiếu", 60, True),
    "ticket_notice": ("Lời dặn trên phiếu", 300, False),
}


def invalid(field: str, detail: str) -> Invalid:
    """Return the error for a refused field value."""
    return Invalid("invalid_value", field=field, detail=detail)


def clean_text(value, field: str, maximum: int, required: bool = False,
               multiline: bool = False) -> str:
    """Return a form text in NFC without surrounding spaces, checked for length and characters.

    :param multiline: the field may hold tabs and line breaks (a textarea).
    """
    text = unicodedata.normalize("NFC", str(value or "")).strip()
    characters.check(text, field, multiline)
    if required and not text:
        raise invalid(field, "không được để trống")
    if len(text) > maximum:
        raise invalid(field, f"tối đa {maximum} ký tự")
    return text


def clean_int(value, field: str, low: int, high: int) -> int:
    """Return a form value as an integer within [low, high]."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise invalid(field, "phải là một số nguyên") from None
    if not low <= number <= high:
        raise invalid(field, f"phải từ {low} đến {high}")
    return number


# Services ----------------------------------------------------------------------------------


def save_service(fields: dict, service_id: int | None = None) -> Service:
    """Create a service, or update the one with service_id, from form fields.

    :param fields: code, name_vi, name_en, confidential, active, sort_order.
    :raises ReceptionError: invalid field or duplicate code.
    """
    code = clean_text(fields.get("code"), "Mã loại việc", 8, required=True)
    if not SERVICE_CODE.match(code):
        raise invalid("Mã loại việc", "chỉ gồm chữ cái không dấu, chữ số, “-” hoặc “_”")
    name_vi = clean_text(fields.get("name_vi"), "Tên tiếng Việt", 120, required=True)
    name_en = clean_text(fields.get("name_en"), "Tên tiếng Anh", 120) or name_vi
    confidential = bool(fields.get("confidential"))
    sort_order = clean_int(fields.get("sort_order", 0), "Thứ tự hiển thị", 0, 999)
    with write_transaction():
        service = _existing(Service, service_id, "loại việc") if service_id else Service()
        taken = Service.select().where(Service.code == code)
        if service_id:
            taken = taken.where(Service.id != service_id)
        if taken.exists():
            raise Conflict("duplicate", what="Mã loại việc", value=code)
        service.code = code
        service.name_vi = name_vi
        service.name_en = name_en
        service.confidential = confidential
        service.active = bool(fields.get("active"))
        service.sort_order = sort_order
        service.save()
    realtime.queue_changed()
    return service


def uncovered_services() -> list[Service]:
    """Return the active services that no active counter serves (nobody could call them)."""
    covered = (
        CounterService.select(CounterService.service).join(Counter).where(Counter.active)
    )
    return list(
        Service.select()
        .where(Service.active & Service.id.not_in(covered))
        .order_by(Service.sort_order, Service.code)
    )


def counters_by_service() -> dict[int, list[Counter]]:
    """Return, per service id, the counters serving it, by counter number."""
    serving: dict[int, list[Counter]] = {}
    for link in (
        CounterService.select(CounterService, Counter).join(Counter).order_by(Counter.number)
    ):
        serving.setdefault(link.service_id, []).append(link.counter)
    return serving


# Counters ----------------------------------------------------------------------------------


def save_counter(fields: dict, service_ids, counter_id: int | None = None) -> Counter:
    """Create a counter, or update the one with counter_id, and set the services it serves.

    Closing a counter sends the tickets transferred to it back to their service's queue
    (they keep their arrival time), so nobody is left waiting for a closed counter.

    :param fields: number, name, active.
    :param service_ids: ids of the services the counter serves (form strings accepted).
    :raises ReceptionError: invalid field, a number already used, an unknown service, or
        closing a counter whose ticket is still open.
    """
    number = clean_int(fields.get("number"), "Số quầy", 1, 999)
    name = clean_text(fields.get("name"), "Tên quầy", 80) or f"Quầy {number}"
    active = bool(fields.get("active"))
    wanted = {clean_int(value, "Loại việc", 1, 2**31 - 1) for value in service_ids or []}
    with write_transaction():
        counter = _existing(Counter, counter_id, "quầy") if counter_id else Counter()
        taken = Counter.select().where(Counter.number == number)
        if counter_id:
            taken = taken.where(Counter.id != counter_id)
        if taken.exists():
            raise Conflict("duplicate", what="Số quầy", value=number)
        known = {s.id for s in Service.select(Service.id).where(Service.id.in_(wanted))}
        if known != wanted:
            raise NotFound("not_found", what="loại việc đã chọn")
        if counter_id and counter.active and not active:
            _close_counter(counter)
        counter.number = number
        counter.name = name
        counter.active = active
        counter.save()
        current = {
            link.service_id
            for link in CounterService.select().where(CounterService.counter == counter)
        }
        if current - wanted:
            CounterService.delete().where(
                (CounterService.counter == counter)
                & CounterService.service.in_(current - wanted)
            ).execute()
        for service_id in sorted(wanted - current):
            CounterService.create(counter=counter, service=service_id)
    realtime.queue_changed()
    return counter


def _close_counter(counter: Counter) -> None:
    open_ticket = (
        Ticket.select()
        .where((Ticket.counter == counter) & Ticket.status.in_(OPEN_AT_COUNTER))
        .first()
    )
    if open_ticket is not None:
        raise invalid(
            "Trạng thái quầy",
            f"quầy đang có phiếu số {open_ticket.number} chưa kết thúc; hãy kết thúc hoặc "
            "chuyển phiếu trước khi cho quầy nghỉ",
        )
    Ticket.update(target_counter=None).where(
        (Ticket.target_counter == counter) & (Ticket.status == WAITING)
    ).execute()


# Staff accounts ----------------------------------------------------------------------------
# Accounts appear on no board or desk snapshot, so these changes publish nothing.


def add_user(fields: dict, hash_method: str) -> User:
    """Create a staff account from form fields: username, full_name, role, password (hashed
    with the configured hash_method).

    :raises ReceptionError: invalid field, short password or a username already taken.
    """
    # Required: official papers print the officer's full name, never a username.
    full_name = clean_text(fields.get("full_name"), "Họ và tên", 120, required=True)
    username = unicodedata.normalize("NFC", str(fields.get("username") or "")).strip()
    return users.create_user(username, fields.get("password") or "", fields.get("role") or "",
                             full_name=full_name, hash_method=hash_method)


def update_user(actor: User, user_id: int, role: str, full_name: str) -> User:
    """Change a staff account's role and full name.

    :raises ReceptionError: unknown account or role, an admin demoting themself, or a change
        that would leave no active admin.
    """
    full_name = clean_text(full_name, "Họ và tên", 120)
    with write_transaction():
        user = _existing(User, user_id, "tài khoản")
        if role != "admin":
            _keep_an_admin(actor, user, "Vai trò", "hạ quyền")
        return users.update_user(user.id, role=role, full_name=full_name)


def set_user_active(actor: User, user_id: int, active: bool) -> User:
    """Deactivate or reactivate a staff account; a deactivated account cannot log in.

    :raises ReceptionError: unknown account, an admin deactivating themself, or the last
        active admin.
    """
    with write_transaction():
        user = _existing(User, user_id, "tài khoản")
        if not active:
            _keep_an_admin(actor, user, "Trạng thái tài khoản", "khóa")
        user = users.update_user(user.id, active=active)
    sessions.close_sockets(user.id)
    return user


def reset_password(user_id: int, password: str, hash_method: str,
                   keep_session: str | None = None) -> User:
    """Give a staff account a new password (stored only as a hash) and end its other sign-ins.

    :param keep_session: the browser session key that stays signed in (an admin changing their
        own password keeps the page they did it from).
    :raises ReceptionError: unknown account or a password shorter than the minimum.
    """
    if len(password or "") < users.MIN_PASSWORD_LENGTH:
        raise invalid("Mật khẩu", f"ít nhất {users.MIN_PASSWORD_LENGTH} ký tự")
    with write_transaction():
        user = _existing(User, user_id, "tài khoản")
        user = users.update_user(user.id, password=password, keep_session=keep_session,
                                 hash_method=hash_method)
    sessions.close_sockets(user.id)
    return user


def _keep_an_admin(actor: User, user: User, field: str, verb: str) -> None:
    """Refuse to take admin rights away from the actor or from the last active admin."""
    if actor is not None and user.id == actor.id:
        raise invalid(field, f"bạn không thể tự {verb} tài khoản đang đăng nhập của mình")
    if user.role == "admin" and user.active:
        others = User.select().where(
            (User.role == "admin") & User.active & (User.id != user.id)
        )
        if not others.exists():
            raise invalid(field, "phải còn ít nhất một tài khoản quản trị đang hoạt động")


# Organisation ------------------------------------------------------------------------------


def save_organisation(fields: dict, priority_rows) -> dict:
    """Store the organisation's details, texts, group threshold and priority groups.

    :param fields: the keys of ORGANISATION_TEXTS, group_threshold and max_party_size.
    :param priority_rows: (code, name_vi, name_en) per row; entirely blank rows are skipped.
    :raises ReceptionError: a missing or too long text, a number out of range, or an invalid
        or repeated priority group code.
    """
    values = {
        key: clean_text(fields.get(key), label, maximum, required, key in MULTI_LINE_TEXTS)
        for key, (label, maximum, required) in ORGANISATION_TEXTS.items()
    }
    low, high = GROUP_THRESHOLD_RANGE
    threshold = clean_int(fields.get("group_threshold"), "Ngưỡng đoàn đông người", low, high)
    values["group_threshold"] = threshold
    values["max_party_size"] = clean_int(
        fields.get("max_party_size"), "Số người tối đa trên một phiếu", threshold,
        PARTY_SIZE_CEILING,
    )
    values["priority_groups"] = clean_priority_groups(priority_rows)
    with write_transaction():
        for key, value in values.items():
            org_settings.put(key, value)
    realtime.queue_changed()
    return values


def clean_priority_groups(rows) -> list[dict]:
    """Return the priority groups from form rows, in the order given."""
    groups = []
    for row in rows:
        code, name_vi, name_en = (
            clean_text(part, label, 120) for part, label in zip(row, PRIORITY_LABELS, strict=False)
        )
        if not (code or name_vi or name_en):
            continue
        code = code.lower()
        if not PRIORITY_CODE.match(code):
            raise invalid(
                "Mã đối tượng ưu tiên",
                f"“{code}”: 1–32 chữ thường không dấu, chữ số, “-” hoặc “_”",
            )
        if any(group["code"] == code for group in groups):
            raise Conflict("duplicate", what="Mã đối tượng ưu tiên", value=code)
        name_vi = clean_text(name_vi, f"Tên tiếng Việt của “{code}”", 120, required=True)
        name_en = clean_text(name_en, f"Tên tiếng Anh của “{code}”", 120) or name_vi
        groups.append({"code": code, "name_vi": name_vi, "name_en": name_en})
    return groups


def _existing(model, row_id, what: str):
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise NotFound("not_found", what=what)
    return row
