"""Request bodies of the case-file API: the meeting record and the changes to records.

They validate requests and generate the OpenAPI document. Errors come back as one
ReceptionError "invalid_record" whose message names each wrong field in Vietnamese (English
with Accept-Language: en), whichever route validates the body; a control character in a text
(web.text_fields) comes back as "invalid_characters" naming its field.
"""

from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from reception import characters, clock
from reception.cases import identity
from reception.cases.models import (
    CASE_STATUSES,
    HANDLINGS,
    MATTER_TYPES,
    RECEPTION_KINDS,
    SESSION_KINDS,
)
from reception.cases.options import CONTENT_GROUPS, DEFAULT_FIELDS, REFUSAL_REASONS, SEX_LABELS
from reception.errors import Invalid, ReceptionError
from web.schemas import Whole
from web.text_fields import Line, Text, character_problem, nested_lines

# The choices are the domain's own lists (reception.cases), so the two cannot drift apart and
# reception.cases.meetings need not check them again.
MatterType = Literal[MATTER_TYPES]
Handling = Literal[HANDLINGS]
ReceptionKind = Literal[RECEPTION_KINDS]
SessionKind = Literal[SESSION_KINDS]
CaseStatus = Literal[CASE_STATUSES]
Sex = Literal[tuple(SEX_LABELS)]
RefusalReason = Literal[tuple(REFUSAL_REASONS)]

LABELS = {
    "visitor": "Công dân", "full_name": "họ tên", "id_number": "số định danh cá nhân",
    "old_id_number": "số CMND cũ", "birth_year": "năm sinh", "birth_date": "ngày sinh",
    "sex": "giới tính", "address": "địa chỉ", "phone": "số điện thoại", "qr": "mã QR",
    "received_at": "thời điểm tiếp", "reception_kind": "hình thức tiếp",
    "session_kind": "loại buổi tiếp", "party_size": "số người",
    "representatives": "người đại diện", "matter_type": "loại vụ việc", "field": "lĩnh vực",
    "summary": "tóm tắt nội dung", "requests": "yêu cầu của công dân",
    "prior_handling": "cơ quan đã giải quyết", "documents": "tài liệu",
    "handling": "hướng xử lý", "transfer_to": "cơ quan nhận đơn chuyển",
    "refusal_reason": "lý do từ chối", "case_id": "hồ sơ", "title": "tiêu đề",
    "status": "trạng thái", "accepted_on": "ngày thụ lý", "day": "ngày",
}
# The English of these details is pydantic's own message (item["msg"]).
DETAILS = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được hỗ trợ",
    "string_too_short": "không được để trống",
    "string_type": "phải là chuỗi ký tự",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "bool_type": "phải là true hoặc false",
    "list_type": "phải là một danh sách",
    "model_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "datetime_from_date_parsing": "phải là thời điểm ISO 8601",
    "datetime_parsing": "phải là thời điểm ISO 8601",
    "datetime_type": "phải là thời điểm ISO 8601",
}


def _where(loc) -> tuple[str, str]:
    names, path = [], characters.printable(".".join(str(part) for part in loc))
    for part in loc:
        if isinstance(part, int):
            names.append(f"thứ {part + 1}")
        elif part in LABELS:
            names.append(LABELS[part])
    return (" – ".join(names) or "dữ liệu") + f" ({path})", path or "body"


def _detail(item: dict) -> tuple[str, str]:
    kind, ctx = item["type"], item.get("ctx") or {}
    if kind == "reception":
        return ctx["vi"], ctx["en"]
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return f"phải là một trong: {expected}", item["msg"]
    if kind in ("too_long", "string_too_long"):
        unit = "mục" if kind == "too_long" else "ký tự"
        return f"tối đa {ctx.get('max_length')} {unit}", item["msg"]
    if kind in ("greater_than_equal", "greater_than"):
        return f"phải từ {ctx.get('ge', ctx.get('gt'))} trở lên", item["msg"]
    if kind in ("less_than_equal", "less_than"):
        return f"không được quá {ctx.get('le', ctx.get('lt'))}", item["msg"]
    if kind == "string_pattern_mismatch":
        return "chỉ gồm chữ thường không dấu và dấu gạch dưới", item["msg"]
    return DETAILS.get(kind, "giá trị không hợp lệ"), item["msg"]


def invalid_record(error: ValidationError) -> Invalid:
    """Return one Vietnamese (and English) error naming every wrong field.

    A refused character comes first, as its own error ("invalid_characters") naming its field.
    """
    problem = character_problem(error.errors())
    if problem is not None:
        where_vi, where_en = _where(problem[0])
        error = Invalid("invalid_characters",
                        field=where_vi[:1].upper() + where_vi[1:],
                        field_en=where_en, code_point=problem[1])
        path = ".".join(str(part) for part in problem[0]) or "body"
        error.fields = [(path, f"Có ký tự không được phép ({problem[1]}); vui lòng xóa ký tự đó",
                         f"Holds a character that is not allowed ({problem[1]})")]
        return error
    parts_vi, parts_en, fields = [], [], []
    for item in error.errors():
        where_vi, where_en = _where(item["loc"])
        vi, en = _detail(item)
        parts_vi.append(f"{where_vi}: {vi.rstrip('.')}")
        parts_en.append(f"{where_en}: {en.rstrip('.')}")
        fields.append(_field_error(item, vi, en))
    return Invalid("invalid_record", detail="; ".join(parts_vi),
                   detail_en="; ".join(parts_en), fields=fields)


def _field_error(item: dict, vi: str, en: str) -> tuple[str, str, str]:
    """Return (dotted path, Vietnamese, English) of one error, worded for the form's field."""
    loc = [str(part) for part in item["loc"]]
    hint = (item.get("ctx") or {}).get("field") if item["type"] == "reception" else None
    if hint:
        # A rule over several fields (model validator) names the field to correct.
        loc.append(hint)
    if item["type"] == "missing":
        vi, en = "Vui lòng điền hoặc chọn mục này", "Please fill in or choose this"
    return ".".join(loc) or "body", vi[:1].upper() + vi[1:], en[:1].upper() + en[1:]


def reception_problem(error: ReceptionError, field: str | None = None) -> PydanticCustomError:
    """Return a ReceptionError as a pydantic error carrying both languages.

    field: the field a rule over several fields blames, for the form to mark it.
    """
    vi = error.message("vi")
    context = {"vi": vi, "en": error.message("en")}
    if field:
        context["field"] = field
    return PydanticCustomError("reception", vi.replace("{", "(").replace("}", ")"), context)


def _not_future(value, name_vi: str, name_en: str):
    limit = clock.now() + timedelta(minutes=5)
    too_late = (value > limit.date()) if not isinstance(value, datetime) else (
        (value if value.tzinfo else value.replace(tzinfo=clock.TIMEZONE)) > limit)
    if too_late:
        raise reception_problem(Invalid("future_date", field=name_vi, field_en=name_en))
    return value


def checked_id_number(value):
    """Return a valid personal ID number (or None), raising a pydantic error otherwise."""
    try:
        return identity.validate_id_number(value) if value else None
    except ReceptionError as error:
        raise reception_problem(error) from None


class RecordBody(BaseModel):
    """A request body whose validation errors become one Vietnamese ReceptionError."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def model_validate(cls, obj, *args, **kwargs):
        """Validate like pydantic, raising Invalid("invalid_record") on bad input."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as error:
            raise invalid_record(error) from error


class VisitorIdentity(RecordBody):
    """Who came: typed at the desk, or read from the chip ID card's QR code (`qr`)."""

    full_name: Line | None = Field(None, max_length=120)
    id_number: Line | None = Field(None, description="12-digit personal ID number")
    old_id_number: Line | None = Field(None, description="9-digit old identity card (CMND)")
    birth_year: Whole | None = Field(None, ge=1900)
    birth_date: date | None = None
    sex: Sex | None = None
    address: Line | None = Field(None, max_length=500)
    phone: Line | None = Field(None, max_length=20)
    qr: Line | None = Field(None, max_length=1000, description=(
        "The CCCD QR text `ID12|oldID9|Full name|ddmmyyyy|Nam|address|ddmmyyyy`; fills the "
        "fields left empty"))

    @field_validator("id_number")
    @classmethod
    def _id_number(cls, value):
        return checked_id_number(value)

    @field_validator("old_id_number")
    @classmethod
    def _old_id_number(cls, value):
        try:
            return identity.validate_old_id_number(value)
        except ReceptionError as error:
            raise reception_problem(error) from None

    @field_validator("qr")
    @classmethod
    def _qr(cls, value):
        try:
            if value:
                identity.parse_cccd_qr(value)
        except ReceptionError as error:
            raise reception_problem(error) from None
        return value or None

    @field_validator("birth_date")
    @classmethod
    def _birth_date(cls, value):
        return _not_future(value, "Ngày sinh", "Birth date") if value else value

    @field_validator("birth_year")
    @classmethod
    def _birth_year(cls, value):
        if value is not None and value > clock.today().year:
            raise reception_problem(Invalid("future_date", field="Năm sinh",
                                            field_en="Birth year"))
        return value

    @model_validator(mode="after")
    def _consistent(self):
        if self.id_number and (self.birth_year or self.sex):
            try:
                identity.validate_id_number(self.id_number, self.birth_year, self.sex)
            except ReceptionError as error:
                raise reception_problem(error, "id_number") from None
        if not self.full_name and not self.qr:
            raise reception_problem(Invalid("visitor_identity_required"), "full_name")
        return self


class Representative(RecordBody):
    """A representative a group appointed (Luật Tiếp công dân Điều 29)."""

    full_name: Line = Field(min_length=1, max_length=120)
    id_number: Line | None = None

    @field_validator("id_number")
    @classmethod
    def _id_number(cls, value):
        return checked_id_number(value)


class ReceivedDocument(RecordBody):
    """A document the visitor handed in (listed on the receipt)."""

    title: Line = Field(min_length=1, max_length=300)
    copies: Whole = Field(1, ge=1, le=1000)
    original: StrictBool = False
    note: Text = Field("", max_length=500)


class MeetingRecord(RecordBody):
    """The meeting record: the optional body of POST /tickets/{id}/finish and of POST /visits."""

    visitor: VisitorIdentity
    received_at: datetime | None = Field(None, description="Defaults to the meeting's start")
    reception_kind: ReceptionKind = RECEPTION_KINDS[0]
    session_kind: SessionKind = SESSION_KINDS[0]
    party_size: Whole | None = Field(None, ge=1, le=500,
                                         description="Defaults to the ticket's party size")
    representatives: list[Representative] = Field(default_factory=list, max_length=5)
    interpreter_used: StrictBool = False
    interpreter_language: Line = Field("", max_length=60)
    matter_type: MatterType
    field: Line = Field(pattern=r"^[a-z_]{1,32}$", description=(
        "Field code from GET /record-options; defaults: " + ", ".join(DEFAULT_FIELDS)))
    summary: Text = Field(min_length=1, max_length=5000)
    requests: Text = Field("", max_length=5000)
    prior_handling: Text = Field("", max_length=2000)
    documents: list[ReceivedDocument] = Field(default_factory=list, max_length=100)
    handling: Handling
    transfer_to: Line = Field("", max_length=200, description="Required for chuyen_don")
    guidance: Text = Field("", max_length=2000, description="For huong_dan: where to go")
    refusal_reason: RefusalReason | None = Field(None, description="Required for tu_choi")
    refusal_detail: Text = Field("", max_length=2000)
    case_id: Whole | None = Field(None, description="Attach to this existing case")
    open_case: StrictBool | None = Field(None, description=(
        "Open a new case; by default one opens for thu_ly, chuyen_don and don_doc"))
    case_title: Line = Field("", max_length=300)
    responsible_id: Whole | None = Field(None, description="Officer for a new case")
    complex_case: StrictBool = False
    remote_area: StrictBool = False
    resolution_round: Literal[1, 2] = 1
    note: Text = Field("", max_length=2000)

    @field_validator("received_at")
    @classmethod
    def _received_at(cls, value):
        return _not_future(value, "Thời điểm tiếp", "Reception time") if value else value

    @model_validator(mode="after")
    def _handling_details(self):
        if self.handling == "chuyen_don" and not self.transfer_to:
            raise reception_problem(Invalid("transfer_to_required"), "transfer_to")
        if self.handling == "tu_choi" and not self.refusal_reason:
            raise reception_problem(Invalid("refusal_reason_required"), "refusal_reason")
        return self


class CaseUpdate(RecordBody):
    """Change a case: status, assignment (leaders, admins), classification, limits' basis."""

    title: Line | None = Field(None, min_length=1, max_length=300)
    status: CaseStatus | None = None
    responsible_id: Whole | None = None
    field: Line | None = Field(None, pattern=r"^[a-z_]{1,32}$")
    complex_case: StrictBool | None = None
    remote_area: StrictBool | None = None
    accepted_on: date | None = None
    resolution_round: Literal[1, 2] | None = None
    result_note: Text | None = Field(None, max_length=5000)

    @field_validator("accepted_on")
    @classmethod
    def _accepted_on(cls, value):
        return _not_future(value, "Ngày thụ lý", "Acceptance date") if value else value


class VisitUpdate(RecordBody):
    """Correct a visit's content (the earlier text is kept in the record history)."""

    summary: Text | None = Field(None, min_length=1, max_length=5000)
    requests: Text | None = Field(None, max_length=5000)
    prior_handling: Text | None = Field(None, max_length=2000)
    field: Line | None = Field(None, pattern=r"^[a-z_]{1,32}$")
    guidance: Text | None = Field(None, max_length=2000)
    transfer_to: Line | None = Field(None, max_length=200)
    note: Text | None = Field(None, max_length=2000)
    result_note: Text | None = Field(None, max_length=5000)


class CaseNote(RecordBody):
    """A note in a case's history."""

    text: Text = Field(min_length=1, max_length=5000)


class QrScan(RecordBody):
    """The text a QR scanner typed from a chip ID card."""

    qr: Line = Field(min_length=1, max_length=1000)


class DayOffRequest(RecordBody):
    """A day off the admin adds (deadlines skip it)."""

    day: date
    reason: Line = Field("", max_length=200)


class RecordSettings(RecordBody):
    """Admin settings of case files: fields, time limits, the "near" threshold."""

    fields: dict[Line, Line] | None = None
    field_groups: dict[Line, Literal[tuple(CONTENT_GROUPS)]] | None = Field(None, description=(
        "Form 02/XLD content group of each field code (unlisted fields: hanh_chinh_khac)"))
    deadline_limits: dict[Line, dict] | None = None
    near_working_days: Whole | None = Field(None, ge=0, le=30)
    roll_to_working_day: StrictBool | None = None

    @field_validator("deadline_limits")
    @classmethod
    def _deadline_limits(cls, value):
        return nested_lines(value)
