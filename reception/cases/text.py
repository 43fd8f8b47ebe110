"""Text normalisation: NFC for storage, and diacritic-free keys for search."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def nfc(value) -> str:
    """Return a string in NFC with surrounding and repeated spaces removed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return " ".join(text.split())


def search_key(*parts) -> str:
    """Return lower-case words without Vietnamese diacritics ("Đặng Phò" -> "dang pho")."""
    text = " ".join(str(part) for part in parts if part)
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return " ".join(_NOT_WORD.split(stripped.lower())).strip()
