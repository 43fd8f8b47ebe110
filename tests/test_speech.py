"""Tests for the Vietnamese reading of ticket calls and the offline clips that speak them."""

import math
import re
import wave
from array import array
from pathlib import Path

import pytest

from reception.speech import (
    CLIP_WORDS,
    LETTER_NAMES,
    MAX_NUMBER,
    announcement,
    number_to_words,
    ticket_words,
)

SOUNDS_DIR = Path(__file__).resolve().parent.parent / "static" / "sounds"

ONE_TO_THIRTY = [
    "một",
    "hai",
    "ba",
    "bốn",
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mười một",
    "mười hai",
    "mười ba",
    "mười bốn",
    "mười lăm",
    "mười sáu",
    "mười bảy",
    "mười tám",
    "mười chín",
    "hai mươi",
    "hai mươi mốt",
    "hai mươi hai",
    "hai mươi ba",
    "hai mươi tư",
    "hai mươi lăm",
    "hai mươi sáu",
    "hai mươi bảy",
    "hai mươi tám",
    "hai mươi chín",
    "ba mươi",
]


@pytest.mark.parametrize("n, words", list(enumerate(ONE_TO_THIRTY, start=1)))
def test_number_to_words_one_to_thirty(n, words):
    assert number_to_words(n) == words


@pytest.mark.parametrize(
    "n, words",
    [
        (0, "không"),
        (31, "ba mươi mốt"),
        (41, "bốn mươi mốt"),
        (44, "bốn mươi tư"),
        (45, "bốn mươi lăm"),
        (50, "năm mươi"),
        (55, "năm mươi lăm"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (102, "một trăm linh hai"),
        (103, "một trăm linh ba"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (106, "một trăm linh sáu"),
        (107, "một trăm linh bảy"),
        (108, "một trăm linh tám"),
        (109, "một trăm linh chín"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (124, "một trăm hai mươi tư"),
        (500, "năm trăm"),
        (555, "năm trăm năm mươi lăm"),
        (999, "chín trăm chín mươi chín"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1002, "một nghìn không trăm linh hai"),
        (1003, "một nghìn không trăm linh ba"),
        (1004, "một nghìn không trăm linh bốn"),
        (1005, "một nghìn không trăm linh năm"),
        (1006, "một nghìn không trăm linh sáu"),
        (1007, "một nghìn không trăm linh bảy"),
        (1008, "một nghìn không trăm linh tám"),
        (1009, "một nghìn không trăm linh chín"),
        (1010, "một nghìn không trăm mười"),
        (1015, "một nghìn không trăm mười lăm"),
        (1100, "một nghìn một trăm"),
        (2021, "hai nghìn không trăm hai mươi mốt"),
        (10_000, "mười nghìn"),
        (15_000, "mười lăm nghìn"),
        (21_004, "hai mươi mốt nghìn không trăm linh bốn"),
        (100_000, "một trăm nghìn"),
        (999_999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
        (2_500_000, "hai triệu năm trăm nghìn"),
        (1_000_000_000, "một tỷ"),
    ],
)
def test_number_to_words(n, words):
    assert number_to_words(n) == words


@pytest.mark.parametrize("n", [-1, MAX_NUMBER + 1])
def test_number_to_words_rejects_out_of_range(n):
    with pytest.raises(ValueError):
        number_to_words(n)


@pytest.mark.parametrize("n", ["15", 1.5, True])
def test_number_to_words_rejects_non_int(n):
    with pytest.raises(TypeError):
        number_to_words(n)


def test_mot_and_tu_only_after_tens_of_twenty_or_more():
    for n in range(1000):
        words = number_to_words(n).split()
        for index, word in enumerate(words):
            if word in ("mốt", "tư"):
                assert index > 0 and words[index - 1] == "mươi", n


def test_lam_only_after_a_tens_word():
    for n in range(1000):
        words = number_to_words(n).split()
        for index, word in enumerate(words):
            if word == "lăm":
                assert words[index - 1] in ("mười", "mươi"), n


@pytest.mark.parametrize(
    "number, words",
    [
        ("015", "mười lăm"),
        ("15", "mười lăm"),
        ("000", "không"),
        ("124", "một trăm hai mươi tư"),
        ("A015", "a, mười lăm"),
        ("a015", "a, mười lăm"),
        ("B-021", "bê, hai mươi mốt"),
        (" C 7 ", "xê, bảy"),
        ("D100", "đê, một trăm"),
        ("AB5", "a bê, năm"),
    ],
)
def test_ticket_words(number, words):
    assert ticket_words(number) == words


@pytest.mark.parametrize("number", ["", "A", "15A", "1.5", "Đ15", "A--15"])
def test_ticket_words_rejects_malformed(number):
    with pytest.raises(ValueError):
        ticket_words(number)


def test_every_ascii_letter_has_a_name():
    assert sorted(LETTER_NAMES) == [chr(code) for code in range(ord("A"), ord("Z") + 1)]


def test_announcement():
    assert announcement("015", 2) == {
        "text": "Mời công dân số 015 đến quầy số 2",
        "speech": "Mời công dân số mười lăm, đến quầy số hai",
        "clips": ["moi_cong_dan_so", "muoi", "lam", "den_quay_so", "hai"],
    }


def test_announcement_recall():
    result = announcement("015", "2", recall=True)
    assert result["text"] == "Xin mời lại công dân số 015 đến quầy số 2"
    assert result["speech"] == "Xin mời lại công dân số mười lăm, đến quầy số hai"
    assert result["clips"][0] == "xin_moi_lai_cong_dan_so"
    assert result["clips"][1:] == announcement("015", 2)["clips"][1:]


def test_announcement_mot_and_tu():
    result = announcement("021", 24)
    assert result["text"] == "Mời công dân số 021 đến quầy số 24"
    assert result["speech"] == "Mời công dân số hai mươi mốt, đến quầy số hai mươi tư"
    assert result["clips"] == [
        "moi_cong_dan_so",
        "hai",
        "muoi2",
        "mot2",
        "den_quay_so",
        "hai",
        "muoi2",
        "tu",
    ]


def test_announcement_lettered_ticket():
    result = announcement("A105", 11)
    assert result["text"] == "Mời công dân số A105 đến quầy số 11"
    assert result["speech"] == "Mời công dân số a, một trăm linh năm, đến quầy số mười một"
    assert result["clips"] == [
        "moi_cong_dan_so",
        "chu_a",
        "mot",
        "tram",
        "linh",
        "nam",
        "den_quay_so",
        "muoi",
        "mot",
    ]


def test_announcement_counter_name_is_shown_and_spoken_without_a_clip():
    result = announcement("007", 3, counter_name=" Tư pháp ")
    assert result["text"] == "Mời công dân số 007 đến quầy số 3 (Tư pháp)"
    assert result["speech"] == "Mời công dân số bảy, đến quầy số ba, Tư pháp"
    assert result["clips"] == announcement("007", 3)["clips"]


def test_announcement_normalises_to_nfc():
    decomposed = "Tu\u031b pha\u0301p"
    assert announcement("1", 1, counter_name=decomposed)["text"].endswith("(Tư pháp)")


def test_announcement_rejects_malformed_ticket():
    with pytest.raises(ValueError):
        announcement("15?", 1)


def test_clip_slugs_are_ascii_and_unique_per_word():
    assert all(re.fullmatch(r"[a-z0-9_]+", slug) for slug in CLIP_WORDS)
    assert len(set(CLIP_WORDS.values())) == len(CLIP_WORDS)


def _read_wav(path):
    """Return (frame rate, channels, sample width, duration s, RMS 0..1) of a WAV file."""
    with wave.open(str(path), "rb") as audio:
        rate, channels, width = audio.getframerate(), audio.getnchannels(), audio.getsampwidth()
        frames = audio.readframes(audio.getnframes())
    samples = array("h", frames)
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768 if samples else 0.0
    return rate, channels, width, len(samples) / rate, rms


def _producible_clips():
    """Return every clip that calls of tickets 1..999 (plain and lettered) to counters 1..30 use."""
    clips = set()
    for recall in (False, True):
        for counter in range(1, 31):
            for number in range(1, 1000):
                clips.update(announcement(f"{number:03d}", counter, recall=recall)["clips"])
    for letter in LETTER_NAMES:
        clips.update(announcement(f"{letter}001", 1)["clips"])
    return clips


def test_every_producible_clip_is_a_valid_wav():
    clips = _producible_clips()
    assert clips <= set(CLIP_WORDS)
    for slug in sorted(clips):
        path = SOUNDS_DIR / "vi" / f"{slug}.wav"
        assert path.is_file(), f"missing {path}; run scripts/make_clips.py"
        rate, channels, width, duration, rms = _read_wav(path)
        assert (rate, channels, width) == (16000, 1, 2), slug
        assert 0.1 <= duration <= 2.5, (slug, duration)
        assert rms > 0.01, f"{slug} is silent"


def test_clip_directory_matches_clip_words():
    assert {path.stem for path in (SOUNDS_DIR / "vi").glob("*.wav")} == set(CLIP_WORDS)


def test_chime_is_a_valid_wav():
    rate, channels, width, duration, rms = _read_wav(SOUNDS_DIR / "chime.wav")
    assert (rate, channels, width) == (16000, 1, 2)
    assert 0.8 <= duration <= 2.0
    assert rms > 0.01
