"""Every string the desk's scripts ask for exists in Vietnamese and English."""

import re
from pathlib import Path

import pytest

from admin.texts import script_texts

STATIC = Path(__file__).resolve().parents[2] / "static" / "js"


@pytest.mark.parametrize("script", ["desk.js", "meeting.js"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_scripts_use_only_defined_strings(script, lang):
    used = set(re.findall(r"\bT\.(\w+)", (STATIC / script).read_text(encoding="utf-8")))
    assert used, script
    assert used - set(script_texts(lang)) == set()
