"""Personal ID numbers, the CCCD QR code and diacritic-free search keys."""

import unicodedata

import pytest

from reception.cases.identity import parse_cccd_qr, validate_id_number
from reception.cases.text import search_key
from reception.errors import ReceptionError


def test_valid_id_numbers_pass():
    assert validate_id_number("068085001234") == "068085001234"
    assert validate_id_number(" 0791 9000 4321 ", birth_year=1990, sex="nu") == "079190004321"
    assert validate_id_number("001201001122", birth_year=2001, sex="nam") == "001201001122"


@pytest.mark.parametrize(
    ("number", "code", "text"),
    [
        ("06808500123", "id_number_length", "Số định danh cá nhân phải gồm đúng 12 chữ số."),
        ("06808500123a", "id_number_length", "phải gồm đúng 12 chữ số"),
        ("０６８０８５００１２３４", "id_number_length", "12 chữ số"),
        ("097085001234", "id_number_province", "(097) không phải mã tỉnh"),
        ("000085001234", "id_number_province", "(000)"),
        ("068485001234", "id_number_century", "phải từ 0 đến 3"),
    ],
)
def test_invalid_id_numbers_get_vietnamese_messages(number, code, text):
    with pytest.raises(ReceptionError) as caught:
        validate_id_number(number)
    assert caught.value.code == code
    assert text in caught.value.message()


def test_id_number_must_match_birth_year_and_sex():
    with pytest.raises(ReceptionError, match="id_number_mismatch"):
        validate_id_number("068085001234", birth_year=1986)
    with pytest.raises(ReceptionError) as caught:
        validate_id_number("068085001234", sex="nu")
    assert caught.value.message() == "Số định danh cá nhân không khớp với giới tính đã khai."


def test_qr_code_is_read_and_normalised_to_nfc():
    text = ("068085001234||Nguyễn Văn Phò|15031985|Nam|Thôn 3, xã Đức An, tỉnh Lâm Đồng|"
            "01072021\r\n")
    card = parse_cccd_qr(unicodedata.normalize("NFD", text))
    assert card.id_number == "068085001234"
    assert card.old_id_number is None
    assert card.full_name == "Nguyễn Văn Phò"
    assert unicodedata.is_normalized("NFC", card.full_name + card.address)
    assert card.birth_date.isoformat() == "1985-03-15" and card.sex == "nam"
    assert card.issued_on.isoformat() == "2021-07-01"
    assert card.as_dict()["birth_year"] == 1985


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("068085001234|Nguyễn Văn Phò|15031985", "cần 7 trường"),
        ("068085001234||Nguyễn Văn Phò|31021985|Nam|Đức An|01072021", "ddmmyyyy"),
        ("068085001234||Nguyễn Văn Phò|15031985|Nam|Đức An|01072099",
         "Ngày cấp không được là ngày trong tương lai."),
        ("06808500123||Nguyễn Văn Phò|15031985|Nam|Đức An|01072021", "đúng 12 chữ số"),
        ("068085001234||Nguyễn Văn Phò|15031985|Nữ|Đức An|01072021", "giới tính"),
    ],
)
def test_bad_qr_codes_are_refused_in_vietnamese(text, fragment):
    with pytest.raises(ReceptionError) as caught:
        parse_cccd_qr(text)
    assert fragment in caught.value.message()


def test_search_key_drops_diacritics_and_case():
    assert search_key("Nguyễn Văn Phò") == "nguyen van pho"
    assert search_key("ĐẶNG Thị Đào", "HS-2026-000123") == "dang thi dao hs 2026 000123"
    decomposed = unicodedata.normalize("NFD", "Trường Xuân")
    assert search_key(decomposed) == "truong xuan"
