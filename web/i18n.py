"""The interface language of a request: Flask-Babel over the catalogs in translations/.

g.lang is the language chosen (?lang=, then the lang cookie; Vietnamese by default); the
languages offered are Vietnamese and every compiled catalog (reception.translations).
Templates get _() / gettext() from Flask-Babel and language_links for the language switch.
"""

from pathlib import Path

from babel import Locale
from flask import Flask, g, request
from flask_babel import Babel

from reception import translations

CATALOGS = Path(__file__).resolve().parent.parent / "translations"


def register(app: Flask) -> None:
    """Serve the catalogs to templates and views; the core reads the same directory."""
    directory = Path(app.config.get("BABEL_TRANSLATION_DIRECTORIES") or CATALOGS)
    directory = directory if directory.is_absolute() else Path(app.root_path) / directory
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(directory)
    translations.DIRECTORY = directory
    translations.clear_cache()
    # One Babel per app: its catalog cache belongs to the directory this app reads.
    Babel(app, default_locale=translations.SOURCE, locale_selector=current_language)
    app.context_processor(lambda: {"language_links": language_links()})


def current_language() -> str:
    """Return the language of this request's pages (for Flask-Babel)."""
    return g.get("lang", translations.SOURCE)


def chosen_language() -> str | None:
    """Return the language asked for with ?lang= or the lang cookie, if a catalog offers it."""
    for chosen in (request.args.get("lang"), request.cookies.get("lang")):
        if chosen:
            return chosen if chosen in translations.languages() else None
    return None


def language_name(code: str) -> str:
    """Return a language's name in that language ("Tiếng Việt", "English", "Français")."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def language_links() -> list[tuple[str, str]]:
    """Return (code, name) of every language offered, Vietnamese first."""
    return [(code, language_name(code)) for code in translations.languages()]


def next_language(code: str) -> str:
    """Return the language a one-button switch goes to from this one (round the list)."""
    offered = translations.languages()
    return offered[(offered.index(code) + 1) % len(offered)] if code in offered else offered[0]
