"""Identify visitors: validate personal ID numbers and read the chip ID card's QR code.

The 12-digit personal ID number (số định danh cá nhân) is: 3 digits for the province of birth
registration, 1 digit for century and sex (0/1: born in the 1900s, male/female; 2/3: born in
the 2000s), 2 digits for the year of birth, 6 random digits. Residence is never inferred.
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from reception import clock
from reception.cases.text import nfc
from reception.errors import Invalid, ReceptionError

# Province codes of birth registration (Thông tư 07/2016/TT-BCA); the 2025 mergers kept them
# on cards already issued.
PROVINCE_CODES = frozenset(
    """001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033
    034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067
    068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096""".split()
)
SEXES = {"nam": "nam", "nữ": "nu", "nu": "nu"}


@dataclass
class CardIdentity:
    """What the chip ID card's QR code says about its holder."""

    id_number: str
    old_id_number: str | None
    full_name: str
    birth_date: date
    sex: str
    address: str
    issued_on: date | None

    def as_dict(self) -> dict:
        """Return the fields as JSON-ready values (dates as ISO strings)."""
        values = asdict(self)
        for key in ("birth_date", "issued_on"):
            values[key] = values[key].isoformat() if values[key] else None
        values["birth_year"] = self.birth_date.year
        return values


def validate_id_number(value, birth_year: int | None = None, sex: str | None = None) -> str:
    """Return the ID number without spaces, checked for shape and against birth year and sex.

    :raises ReceptionError: not 12 digits, an unknown province code, a wrong century digit,
        or a birth year or sex that contradicts the number.
    """
    number = "".join(str(value or "").split())
    if len(number) != 12 or not number.isascii() or not number.isdigit():
        raise Invalid("id_number_length")
    if number[:3] not in PROVINCE_CODES:
        raise Invalid("id_number_province", province=number[:3])
    century_sex = int(number[3])
    if century_sex > 3:
        raise Invalid("id_number_century")
    if birth_year is not None:
        century = 1900 if century_sex < 2 else 2000
        if century + int(number[4:6]) != int(birth_year):
            raise Invalid("id_number_mismatch", what="năm sinh", what_en="birth year")
    if sex:
        expected = "nam" if century_sex % 2 == 0 else "nu"
        if SEXES.get(str(sex).lower(), sex) != expected:
            raise Invalid("id_number_mismatch", what="giới tính", what_en="sex")
    return number


def validate_old_id_number(value) -> str | None:
    """Return the 9-digit old identity card number (CMND), or None when empty.

    :raises ReceptionError: not 9 digits.
    """
    number = "".join(str(value or "").split())
    if not number:
        return None
    if len(number) != 9 or not number.isascii() or not number.isdigit():
        raise Invalid("old_id_number")
    return number


def normalise_sex(value) -> str | None:
    """Return "nam" or "nu" for the ways the card and the desk write it, or None."""
    if value in (None, ""):
        return None
    sex = SEXES.get(nfc(value).lower())
    if sex is None:
        raise Invalid(
            "unknown_choice", field="Giới tính", field_en="Sex", value=value, choices="Nam, Nữ"
        )
    return sex


def parse_cccd_qr(text: str) -> CardIdentity:
    """Read `ID12|oldID9|Full name|ddmmyyyy|Nam|address|ddmmyyyy` typed by a QR scanner.

    :raises ReceptionError: too few fields, a bad ID number, a bad or future date.
    """
    fields = [nfc(part) for part in nfc(text).strip().split("|")]
    if len(fields) < 7:
        raise Invalid(
            "qr_format",
            detail=f"cần 7 trường ngăn cách bởi dấu |, nhận được {len(fields)}",
            detail_en=f"7 fields separated by | are needed, got {len(fields)}",
        )
    id_number, old_id, full_name, birth, sex, address, issued = fields[:7]
    if not full_name:
        raise Invalid("qr_format", detail="thiếu họ tên", detail_en="the name is missing")
    birth_date = _card_date(birth, "ngày sinh", "birth date")
    issued_on = _card_date(issued, "ngày cấp", "issue date") if issued else None
    sex_code = normalise_sex(sex)
    number = validate_id_number(id_number, birth_year=birth_date.year, sex=sex_code)
    if issued_on and issued_on < birth_date:
        raise Invalid(
            "qr_format", detail="ngày cấp trước ngày sinh", detail_en="issued before birth"
        )
    return CardIdentity(
        id_number=number,
        old_id_number=validate_old_id_number(old_id),
        full_name=full_name,
        birth_date=birth_date,
        sex=sex_code,
        address=address,
        issued_on=issued_on,
    )


def read_qr(text: str) -> dict:
    """Return what a chip ID card's QR code says, as JSON-ready values.

    :raises ReceptionError: as parse_cccd_qr, carrying what could still be read (extra
        "identity") and the desk form's fields at fault, so nothing readable is retyped.
    """
    try:
        return parse_cccd_qr(text).as_dict()
    except ReceptionError as error:
        values, faults = readable_parts(text)
        error.fields = [f"visitor.{name}" for name in faults]
        error.extra = {"identity": values}
        raise


def readable_parts(text: str) -> tuple[dict, list[str]]:
    """Return what a refused QR text still says, field by field, and the fields at fault."""
    parts = [nfc(part) for part in nfc(text).strip().split("|")]
    parts += [""] * (7 - len(parts))
    id_number, old_id, full_name, birth, sex, address, _issued = parts[:7]
    values, faults = {}, []
    if full_name:
        values["full_name"] = full_name
    else:
        faults.append("full_name")
    if address:
        values["address"] = address
    birth_date = sex_code = None
    try:
        birth_date = _card_date(birth, "ngày sinh", "birth date")
        values.update(birth_date=birth_date.isoformat(), birth_year=birth_date.year)
    except ReceptionError:
        faults.append("birth_year")
    try:
        sex_code = normalise_sex(sex)
        if sex_code:
            values["sex"] = sex_code
    except ReceptionError:
        faults.append("sex")
    number = "".join(id_number.split())
    if number:
        # Shown as read, so the officer corrects a digit rather than typing all twelve.
        values["id_number"] = number
    try:
        validate_id_number(number, birth_date.year if birth_date else None, sex_code)
    except ReceptionError:
        faults.append("id_number")
    try:
        old = validate_old_id_number(old_id)
        if old:
            values["old_id_number"] = old
    except ReceptionError:
        pass  # the old card number is kept only when valid; nothing on the form shows it
    return values, faults


def _card_date(value: str, name_vi: str, name_en: str) -> date:
    try:
        day = datetime.strptime(value, "%d%m%Y").date()
    except ValueError as error:
        raise Invalid(
            "qr_format",
            detail=f"{name_vi} “{value}” phải có dạng ngàythángnăm (ddmmyyyy)",
            detail_en=f"the {name_en} “{value}” must be ddmmyyyy",
        ) from error
    if day > clock.today():
        raise Invalid(
            "future_date", field=name_vi.capitalize(), field_en=name_en.capitalize()
        )
    return day
