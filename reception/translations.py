"""Gettext catalogs of the interface: Vietnamese source texts, one catalog per other language.

Every interface string is written once, in Vietnamese, marked N_("...") (or C_(context, "...")
where one Vietnamese text needs two translations). translations/<code>/LC_MESSAGES/messages.po
holds another language; the compiled .mo beside it is what runs. The web layer's Flask-Babel
reads the same directory; this module serves the core (sockets, CLI, background threads),
which has no request and must not import Flask.
"""

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

SOURCE = "vi"
DOMAIN = "messages"
# Set by the application from BABEL_TRANSLATION_DIRECTORIES; tests point it elsewhere.
DIRECTORY = Path(__file__).resolve().parent.parent / "translations"


class Contextual(str):
    """A Vietnamese source text with a gettext context (msgctxt)."""

    context: str = ""


def N_(text: str) -> str:
    """Mark a Vietnamese text for extraction; translated later, in the reader's language."""
    return text


def C_(context: str, text: str) -> str:
    """Mark a Vietnamese text whose translation depends on a context (pgettext)."""
    marked = Contextual(text)
    marked.context = context
    return marked


def languages() -> tuple[str, ...]:
    """Return the languages offered: Vietnamese, then every language with a compiled catalog."""
    return (SOURCE, *_catalogued(str(DIRECTORY)))


@lru_cache(maxsize=8)
def _catalogued(directory: str) -> tuple[str, ...]:
    """Return the codes of the catalogs compiled in a directory, sorted."""
    root = Path(directory)
    if not root.is_dir():
        return ()
    return tuple(sorted(entry.name for entry in root.iterdir()
                        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
                        and entry.name != SOURCE))


def pick(chosen: str | None) -> str:
    """Return the chosen language when a catalog offers it, else Vietnamese."""
    return chosen if chosen in languages() else SOURCE


def catalog(language: str) -> NullTranslations:
    """Return the compiled catalog of a language (an empty one for Vietnamese or an unknown)."""
    return _load(str(DIRECTORY), language)


@lru_cache(maxsize=32)
def _load(directory: str, language: str) -> NullTranslations:
    """Load one language's catalog once per directory."""
    if language == SOURCE:
        return NullTranslations()
    return Translations.load(directory, [language], DOMAIN)


def translate(text: str, language: str = SOURCE) -> str:
    """Return a marked Vietnamese text in the given language (itself when not translated)."""
    if language == SOURCE or not text:
        return str(text)
    context = getattr(text, "context", "")
    found = catalog(language)
    return found.pgettext(context, str(text)) if context else found.gettext(str(text))


def translate_all(table: dict, language: str = SOURCE) -> dict:
    """Return {key: text} with every text (or list of texts) of a table translated."""
    return {key: [translate(item, language) for item in value] if isinstance(value, list)
            else translate(value, language) for key, value in table.items()}


def clear_cache() -> None:
    """Forget loaded catalogs (after the directory or its files change)."""
    _catalogued.cache_clear()
    _load.cache_clear()
