"""Turn a ticket call into display text, speech text and the offline audio clips to play.

Vietnamese number reading follows the rules a listener expects from a call system:

* "mốt" for a units 1 after a tens word of twenty or more (21 "hai mươi mốt"), "một" after
  "mười" (11 "mười một") and after "linh" (101 "một trăm linh một");
* "lăm" for a units 5 after any tens word, "mười" included (15 "mười lăm", 25 "hai mươi lăm");
* "tư" for a units 4 after a tens word of twenty or more (24 "hai mươi tư"). "hai mươi bốn" is
  also correct and common in the north; "tư" is understood in every region, is the usual reading
  in the south and in formal announcements, and keeps the last word of 24 from sounding like the
  start of "bốn mươi" (40) to a listener who catches only part of the call in a noisy hall.
  After "mười" the units stays "bốn" (14 "mười bốn"), as everyone says it;
* "linh" for zero tens with a nonzero units inside a hundreds group (105 "một trăm linh năm"),
  and "không trăm" for a group after "nghìn"/"triệu"/"tỷ" below one hundred (2021 "hai nghìn
  không trăm hai mươi mốt"), so that no digit is silently dropped.

"lăm" is chosen over the northern "nhăm" and "nghìn" over the southern "ngàn" because they are the
forms of the written standard.

The offline clips in static/sounds/vi/ are generated from ``CLIP_WORDS`` by scripts/make_clips.py;
every word that ``announcement`` can speak has a clip, so the board can announce without a
browser voice (headless Chromium and many kiosk browsers have none).
"""

import re
import unicodedata

_UNITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Group names for 10**3, 10**6, 10**9; ticket numbers never come close to the limit.
_SCALES = ("", "nghìn", "triệu", "tỷ")
MAX_NUMBER = 10 ** (3 * len(_SCALES)) - 1

# Letter names as adults spell aloud (D is "đê", as in "đê vê đê" for DVD); S and X keep the
# "xì" ending so they are not heard as the words "ét" (shout) and "ích" (benefit). J is written
# "di", which sounds the same as the usual "gi" in every region, because text-to-speech engines
# (espeak-ng among them) read a bare "gi" as a lone consonant.
LETTER_NAMES = {
    "A": "a",
    "B": "bê",
    "C": "xê",
    "D": "đê",
    "E": "e",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "di",
    "K": "ca",
    "L": "e lờ",
    "M": "em mờ",
    "N": "en nờ",
    "O": "o",
    "P": "pê",
    "Q": "quy",
    "R": "e rờ",
    "S": "ét xì",
    "T": "tê",
    "U": "u",
    "V": "vê",
    "W": "vê kép",
    "X": "ích xì",
    "Y": "i dài",
    "Z": "dét",
}

# Number words and their clip slugs. Plain ASCII folding would merge "mười"/"mươi" and
# "một"/"mốt", which are different words with different tones, hence the explicit table.
_NUMBER_WORD_SLUGS = {
    "không": "khong",
    "một": "mot",
    "hai": "hai",
    "ba": "ba",
    "bốn": "bon",
    "năm": "nam",
    "sáu": "sau",
    "bảy": "bay",
    "tám": "tam",
    "chín": "chin",
    "mười": "muoi",
    "mươi": "muoi2",
    "mốt": "mot2",
    "tư": "tu",
    "lăm": "lam",
    "linh": "linh",
    "trăm": "tram",
    "nghìn": "nghin",
    "triệu": "trieu",
    "tỷ": "ty",
}

# Fixed phrases of the call, each recorded as one clip so that the intonation runs through it.
_PHRASES = {
    "moi_cong_dan_so": "Mời công dân số",
    "xin_moi_lai_cong_dan_so": "Xin mời lại công dân số",
    "den_quay_so": "đến quầy số",
}

CLIP_WORDS: dict[str, str] = {
    **_PHRASES,
    **{slug: word for word, slug in _NUMBER_WORD_SLUGS.items()},
    **{f"chu_{letter.lower()}": name for letter, name in LETTER_NAMES.items()},
}

_TICKET_RE = re.compile(r"([A-Za-z]*)[\s-]?(\d+)")


def _group_words(group: int, full: bool) -> list[str]:
    """Return the words for 0 < group < 1000, with "không trăm"/"linh" when ``full``."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_UNITS[hundreds], "trăm"]
        if tens == 0 and units:
            return [*words, "linh", _UNITS[units]]
    if tens == 0:
        return words + ([_UNITS[units]] if units else [])
    if tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")
        elif units:
            words.append(_UNITS[units])
        return words
    words += [_UNITS[tens], "mươi"]
    if units:
        words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _UNITS[units]))
    return words


def _number_word_list(n: int) -> list[str]:
    """Return the Vietnamese words of ``n`` as a list."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"{n} is outside 0..{MAX_NUMBER}")
    if n == 0:
        return [_UNITS[0]]
    groups = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        # A zero group after the leading one is skipped: 1_000_000 is "một triệu", not
        # "một triệu không nghìn không trăm".
        if group == 0:
            continue
        words += _group_words(group, full=index < len(groups) - 1)
        if _SCALES[index]:
            words.append(_SCALES[index])
    return words


def number_to_words(n: int) -> str:
    """Read the integer ``n`` (0..999 999 999 999) aloud in Vietnamese.

    :raises ValueError: if ``n`` is negative or too large.
    :raises TypeError: if ``n`` is not an int.
    """
    return " ".join(_number_word_list(n))


def _parse_ticket(number: str) -> tuple[str, int]:
    """Split a ticket number like "A015" into its upper-case letters and integer value.

    :raises ValueError: if ``number`` is not letters followed by digits.
    """
    match = _TICKET_RE.fullmatch(str(number).strip())
    if not match:
        raise ValueError(f"not a ticket number: {number!r}")
    return match.group(1).upper(), int(match.group(2))


def _ticket_word_parts(number: str) -> tuple[list[str], list[str]]:
    """Return the spoken letter names and the number words of a ticket number."""
    letters, value = _parse_ticket(number)
    return [LETTER_NAMES[letter] for letter in letters], _number_word_list(value)


def ticket_words(number: str) -> str:
    """Read a ticket number such as "015" or "A015" aloud: letter names, then the value.

    :raises ValueError: if ``number`` is not letters followed by digits.
    """
    letter_names, number_words = _ticket_word_parts(number)
    spoken = " ".join(number_words)
    # The comma makes a voice pause, so "a, mười lăm" is not heard as one word.
    return f"{' '.join(letter_names)}, {spoken}" if letter_names else spoken


def _ticket_clips(number: str) -> list[str]:
    """Return the clip slugs that speak a ticket number."""
    letters, value = _parse_ticket(number)
    return [f"chu_{letter.lower()}" for letter in letters] + [
        _NUMBER_WORD_SLUGS[word] for word in _number_word_list(value)
    ]


def announcement(
    number: str,
    counter_number: int | str,
    counter_name: str | None = None,
    recall: bool = False,
) -> dict:
    """Build the call of ticket ``number`` to a counter as display text, speech text and clips.

    The counter name, when given, is shown and spoken by a browser voice but has no clip: names
    are free text chosen by the administrator and cannot be prerecorded.

    :param number: ticket number as printed, e.g. "015" or "A015".
    :param counter_number: counter number, e.g. 2 or "2".
    :param counter_name: optional counter name, e.g. "Tư pháp".
    :param recall: the ticket is being called again.
    :raises ValueError: if the ticket or counter number cannot be read.
    """
    number = unicodedata.normalize("NFC", str(number)).strip()
    counter = unicodedata.normalize("NFC", str(counter_number)).strip()
    opening_slug = "xin_moi_lai_cong_dan_so" if recall else "moi_cong_dan_so"
    opening = CLIP_WORDS[opening_slug]
    destination = CLIP_WORDS["den_quay_so"]

    text = f"{opening} {number} {destination} {counter}"
    speech = f"{opening} {ticket_words(number)}, {destination} {ticket_words(counter)}"
    if counter_name and counter_name.strip():
        name = unicodedata.normalize("NFC", counter_name).strip()
        text += f" ({name})"
        speech += f", {name}"
    clips = [opening_slug, *_ticket_clips(number), "den_quay_so", *_ticket_clips(counter)]
    return {"text": text, "speech": speech, "clips": clips}
