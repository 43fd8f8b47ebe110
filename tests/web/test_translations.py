"""The gettext catalogs: every marked Vietnamese text has its English translation, the
committed .mo files are the .po files compiled, and a third catalog is a third language."""

import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import render_template_string

from app import create_app
from reception import translations
from reception.errors import message
from tests.databases import TEST_CONFIG, copy_seeded_sqlite
from web.i18n import CATALOGS

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"N_": None, "C_": ((1, "c"), 2), "_": None, "gettext": None, "pgettext": ((1, "c"), 2)}


def extracted() -> set[tuple[str | None, str]]:
    """Return (context, msgid) of every text marked in the code and the templates."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, msgid, _comments, context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS):
        found.add((context, msgid))
    return found


def catalogs() -> list[Path]:
    return sorted(CATALOGS.glob("*/LC_MESSAGES/messages.po"))


def read(path: Path) -> Catalog:
    with open(path, "rb") as po:
        return read_po(po)


def compiled(catalog: Catalog) -> bytes:
    """Return the .mo bytes pybabel compile writes for a catalog."""
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def test_english_catalog_exists():
    assert [path.parts[-3] for path in catalogs()] == ["en"]


@pytest.mark.parametrize("po", catalogs(), ids=lambda path: path.parts[-3])
def test_every_marked_text_is_translated_and_nothing_stale(po):
    marked = extracted()
    assert len(marked) > 800
    catalog = read(po)
    entries = {(entry.context, entry.id): entry for entry in catalog if entry.id}
    missing = sorted(str(key) for key in marked - set(entries))
    assert missing == [], "run pybabel extract/update (README, Add a language)"
    untranslated = sorted(str(key) for key, entry in entries.items()
                          if not entry.string or entry.fuzzy)
    assert untranslated == []
    stale = sorted(str(key) for key in set(entries) - marked)
    assert stale == []


@pytest.mark.parametrize("po", catalogs(), ids=lambda path: path.parts[-3])
def test_committed_mo_is_the_po_compiled(po):
    catalog = read(po)
    assert list(catalog.check()) == []
    mo = po.with_suffix(".mo")
    assert mo.read_bytes() == compiled(catalog), "run pybabel compile -d translations"


@pytest.mark.parametrize("po", catalogs(), ids=lambda path: path.parts[-3])
def test_translations_are_nfc_and_keep_the_edges(po):
    for entry in read(po):
        if entry.id:
            assert unicodedata.is_normalized("NFC", entry.id + entry.string), entry.id
            assert entry.string[:1].isspace() == entry.id[:1].isspace(), entry.id
            assert entry.string[-1:].isspace() == entry.id[-1:].isspace(), entry.id


def test_core_translates_without_a_request():
    assert message("counter_inactive") == "Quầy này đang tạm nghỉ."
    assert message("counter_inactive", "en") == "This counter is closed."
    assert message("counter_inactive", "xx") == "Quầy này đang tạm nghỉ."
    assert translations.languages() == ("vi", "en")


@pytest.fixture
def french(tmp_path):
    """Return an app reading a catalog directory with English and a two-entry French catalog."""
    folder = tmp_path / "translations"
    shutil.copytree(CATALOGS / "en", folder / "en")
    catalog = Catalog(locale="fr")
    catalog.add("Lấy số thứ tự tiếp công dân", "Prenez un numéro pour être reçu")
    catalog.add("Không tìm thấy {what}.", "{what} introuvable.")
    catalog.add("Tên đăng nhập", "Identifiant")
    (folder / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "fr" / "LC_MESSAGES" / "messages.mo").write_bytes(compiled(catalog))
    database = tmp_path / "reception.db"
    copy_seeded_sqlite(database)
    yield create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{database}",
                      "BABEL_TRANSLATION_DIRECTORIES": str(folder)})
    # Later tests that build no app read the repository's catalogs again.
    translations.DIRECTORY = CATALOGS
    translations.clear_cache()


def test_a_third_catalog_is_a_third_language(french):
    client = french.test_client()
    kiosk = client.get("/kiosk/?lang=fr")
    html = kiosk.get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Prenez un numéro pour être reçu" in html
    # Texts the catalog lacks stay Vietnamese; the cookie keeps the choice.
    assert "Bạn đến để làm việc gì?" in html
    assert "lang=fr" in kiosk.headers["Set-Cookie"]
    texts = json.loads(re.search(r'id="page-texts">(.*?)</script>', html, re.S).group(1))
    assert set(texts) == {"vi", "en", "fr"}
    # The kiosk's one button goes round the languages: vi → en → fr → vi.
    assert [texts[code]["next_language"] for code in ("vi", "en", "fr")] == ["en", "fr", "vi"]
    assert texts["en"]["switch_language"] == "Français"
    assert ">Tiếng Việt</button>" in html

    status = client.get("/tra-cuu").get_data(as_text=True)
    for code, name in (("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")):
        assert f'<a href="?lang={code}" lang="{code}"' in status and f">{name}</a>" in status
    assert '<a href="?lang=fr" lang="fr" aria-current="true">Français</a>' in status

    login = client.get("/admin/login").get_data(as_text=True)
    assert "Identifiant" in login
    assert '<a class="lang" href="?lang=vi">Tiếng Việt</a>' in login
    assert '<a class="lang" href="?lang=en">English</a>' in login

    petition = client.get("/gui-don").get_data(as_text=True)
    assert '<a href="?lang=fr" lang="fr" aria-current="true">Français</a>' in petition
    # A language without a catalog is not offered: Vietnamese, as before.
    assert '<html lang="vi">' in french.test_client().get("/kiosk/?lang=xx").get_data(
        as_text=True)


def test_api_errors_follow_accept_language_into_a_third_language(french):
    client = french.test_client()
    answer = client.get("/api/v1/status/ZZZZZZZZ", headers={"Accept-Language": "fr"})
    assert answer.status_code == 404
    assert answer.get_json()["error"] == {"code": "not_found", "message": "phiếu introuvable."}
    english = client.get("/api/v1/status/ZZZZZZZZ", headers={"Accept-Language": "en"})
    assert english.get_json()["error"]["message"] == "phiếu not found."


def test_flask_babel_serves_the_same_catalogs_to_templates(app):
    with app.test_request_context("/kiosk/?lang=en"):
        app.preprocess_request()
        assert render_template_string('{{ _("Đăng xuất") }}') == "Log out"
        assert render_template_string('{{ pgettext("error_page", "Về trang đầu") }}') == (
            "Back to the start page")
    with app.test_request_context("/kiosk/"):
        app.preprocess_request()
        assert render_template_string('{{ _("Đăng xuất") }}') == "Đăng xuất"
